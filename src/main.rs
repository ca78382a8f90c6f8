use clap::Parser;

fn main() {
    jwtlint::scan::install_panic_hook();
    jwtlint::scan::tune_allocator();
    let cli = jwtlint::cli::Cli::parse();
    let code = match jwtlint::app::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
