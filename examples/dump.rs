use jwtlint::lang::{Language, parser::parse};
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let lang = Language::from_name(&args[1]).unwrap();
    let src = std::fs::read_to_string(&args[2]).unwrap();
    let f = parse(&src, lang);
    println!("imports: {:?}", f.imports);
    for b in &f.bindings {
        println!("bind {:?} = {:?}", b.path, f.expr(b.value));
    }
    println!("typed: {:?}", f.typed);
    if std::env::var("DUMP_EXPRS").is_ok() {
        for (i, e) in f.exprs.iter().enumerate() {
            println!("  e{i} {:?} {:?}", e, &src[f.span(i as u32).range()]);
        }
    }
    for c in &f.calls {
        println!("call {:?} {:?}", &src[f.span(*c).range()], f.expr(*c));
    }
}
#[allow(dead_code)]
fn _unused() {}
