//! `tierbook templates [show NAME]`: list the built-in templates with a line
//! each, or print one (a built-in or a .toml file) as it is written.

use crate::cli::TemplatesAction;
use crate::cmd::EXIT_OK;
use crate::template;

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
pub fn execute(action: Option<&TemplatesAction>) -> Result<i32, crate::Error> {
    let text = match action {
        None => listing()?,
        Some(TemplatesAction::Show { name }) => template::load(name)?.source_text,
    };
    print!("{text}");
    if !text.ends_with('\n') {
        println!();
    }
    Ok(EXIT_OK)
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
