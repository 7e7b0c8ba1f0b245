//! Steps as the log lines show them.

use std::fmt::Write;

use step_text::Step;

/// `steps` in the operation grammar where it can say them (`grayscale`,
/// `resize:640x480`), with the parameters that requests pass as options in
/// parentheses: `resize:40x30|grayscale|blur(3)|apply-filter(brightness=0.5)`.
/// Only for people: nothing parses it back.
#[must_use]
pub fn describe(steps: &[Step]) -> String {
    let mut text = String::new();
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            text.push('|');
        }
        // Writing to a String cannot fail.
        let _ = match step {
            Step::Grayscale => write!(text, "grayscale"),
            Step::Blur(radius) => write!(text, "blur({radius})"),
            Step::Resize(size) => write!(text, "resize:{}x{}", size.width, size.height),
            Step::Filter(o) => {
                let options: Vec<String> = [
                    o.brightness.map(|v| format!("brightness={v}")),
                    o.contrast.map(|v| format!("contrast={v}")),
                    o.blur_radius.map(|v| format!("blur_radius={v}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                write!(text, "apply-filter({})", options.join(", "))
            }
        };
    }
    text
}

#[cfg(test)]
mod tests {
    use step_text::{parse, FilterOptions};

    use super::*;

    #[test]
    fn says_the_grammar_and_the_options() {
        let options = FilterOptions {
            brightness: Some(0.5),
            contrast: None,
            blur_radius: Some(2),
        };
        let steps = parse("resize:40x30|grayscale|blur|apply-filter", options).unwrap();
        assert_eq!(
            describe(&steps),
            "resize:40x30|grayscale|blur(2)|apply-filter(brightness=0.5, blur_radius=2)"
        );
        assert_eq!(describe(&[]), "");
    }
}
