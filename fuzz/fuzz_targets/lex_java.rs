//! The java lexer, then the parser on its tokens: never panics, spans stay inside the text.
#![no_main]

use jwtlint::lang::Language;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = jwtlint_fuzz::text(data) else {
        return;
    };
    let lexed = jwtlint::lang::lexer::lex(&text, Language::Java);
    jwtlint_fuzz::check_lexed(&text, &lexed);
    let _ = jwtlint::lang::parser::parse(&text, Language::Java);
});
