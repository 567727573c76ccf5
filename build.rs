//! Compiles every `rubrics/*.toml` into the binary, so built-in rubrics
//! work from any folder and adding one needs no code change.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=rubrics");
    let mut names: Vec<String> = fs::read_dir("rubrics")
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let root = env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let mut code = String::from("pub static BUILTIN: &[(&str, &str)] = &[\n");
    for n in &names {
        println!("cargo:rerun-if-changed=rubrics/{n}");
        let path = Path::new(&root).join("rubrics").join(n);
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            n.trim_end_matches(".toml"),
            path.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap_or_default()).join("builtin.rs");
    fs::write(out, code).expect("OUT_DIR is writable during a build");
}
