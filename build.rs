//! Link flag for code splitting: the split tool (scripts/split/build.mjs) needs the linker's
//! relocations to find which functions and data each lazy route reaches. Only the app binary,
//! only for wasm, only with the `split` feature: tests and native builds link as before.

fn main() {
    println!("cargo:rerun-if-env-changed=CARGO_FEATURE_SPLIT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    if wasm && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
}
