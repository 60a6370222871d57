//! `tierbook templates [show NAME]`: list the built-in templates with a line
//! each, or print one (a built-in or a .toml file) as it is written.

use crate::cmd::{exit_code, EXIT_OK};
use crate::template;

/// What `templates` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatesOptions {
    /// List the built-in templates.
    List,
    /// Print one template's TOML text.
    Show(String),
}

/// The listing: one line per built-in template, then how to use one.
pub fn listing() -> Result<String, crate::Error> {
    let all = template::builtin()?;
    let width = all.iter().map(|t| t.name.chars().count()).max().unwrap_or(0);
    let mut out = String::from("Built-in templates:\n");
    for t in &all {
        let default = if t.name == template::DEFAULT { " (the default for init)" } else { "" };
        out.push_str(&format!("  {:width$}  {}{default}\n", t.name, t.description));
    }
    out.push_str(
        "\nPrint one:          tierbook templates show NAME\n\
         Start a book:       tierbook init NEW.xlsx --template NAME\n\
         Tier a bare list:   tierbook run clients.csv --template NAME\n\
         Your own template:  save `templates show NAME` to a .toml file, edit it, and pass its path as NAME\n",
    );
    Ok(out)
}

/// Runs the command; returns the exit code.
pub fn execute(opts: &TemplatesOptions) -> i32 {
    let result = match opts {
        TemplatesOptions::List => listing(),
        TemplatesOptions::Show(name) => template::load(name).map(|t| t.source_text),
    };
    match result {
        Ok(text) => {
            print!("{text}");
            if !text.ends_with('\n') {
                println!();
            }
            EXIT_OK
        }
        Err(e) => {
            eprintln!("tierbook: {e}");
            exit_code(&e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_listing_names_every_builtin_with_its_description() {
        let text = listing().unwrap();
        for t in template::builtin().unwrap() {
            let line = text.lines().find(|l| l.trim_start().starts_with(&t.name)).unwrap();
            assert!(line.contains(&t.description), "{line}");
        }
    }
}
