//! Print what the parser and the value evaluator see in a file:
//! `cargo run --example dump -- LANGUAGE FILE` (LANGUAGE: javascript, typescript, python, go,
//! java, kotlin, csharp, php, ruby, rust). Set DUMP_EXPRS=1 to list every expression.

use jwtlint::lang::{Language, parser::parse};
use jwtlint::ruleset::RuleSet;
use jwtlint::value::Eval;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: dump LANGUAGE FILE");
        std::process::exit(2);
    }
    let lang = Language::from_name(&args[1]).expect("language");
    let src = std::fs::read_to_string(&args[2]).expect("readable file");
    let f = parse(&src, lang);
    println!("import paths: {:?}", f.import_paths);
    println!(
        "imports: {:?}",
        f.imports
            .iter()
            .map(|i| format!("{} -> {}", i.local, i.target))
            .collect::<Vec<_>>()
    );
    println!("typed: {:?}", f.typed);
    println!(
        "classes: {:?}",
        f.classes
            .iter()
            .map(|c| (&c.name, &c.bases))
            .collect::<Vec<_>>()
    );
    if std::env::var("DUMP_EXPRS").is_ok() {
        for (i, e) in f.exprs.iter().enumerate() {
            println!("  e{i} {:?} {:?}", e, &src[f.span(i as u32).range()]);
        }
    }
    let Some(cat) = RuleSet::builtin().catalog(lang) else {
        println!("(no rule catalogue for this language)");
        return;
    };
    let ev = Eval::new(&f, &src, cat);
    for b in &f.bindings {
        let origins: Vec<String> = ev
            .eval(b.value)
            .iter()
            .map(|o| {
                format!(
                    "{:?}{}",
                    o.kind,
                    if o.fallback.is_some() {
                        " (fallback)"
                    } else {
                        ""
                    }
                )
            })
            .collect();
        println!("bind {} [{:?}] = {:?}", b.path.join("."), b.kind, origins);
    }
    for &c in &f.calls {
        if let jwtlint::facts::Expr::Call { callee, .. } = f.expr(c) {
            let text = &src[f.span(c).range()];
            let short: String = text.chars().take(80).collect();
            println!(
                "call {} :: {}",
                ev.canonical(*callee),
                short.replace('\n', " ")
            );
        }
    }
}
