//! The scheduler's operation grammar (`wit/scheduler.wit`), checked before
//! a task is accepted: a request the scheduler would refuse is a 400 now,
//! not a failed task later.

/// Checks `operation` — `grayscale`, `blur`, `apply-filter`, `resize:WxH`,
/// or several joined by `|` — as the Go scheduler parses it: strict, no
/// spaces, no case folding. `blur` needs a blur radius.
///
/// # Errors
///
/// What is wrong, for a 400 response.
pub fn check(operation: &str, has_blur_radius: bool) -> Result<(), String> {
    if operation.is_empty() {
        return Err("the operation is empty: use grayscale, blur, apply-filter, resize:WxH, or several joined by '|'".into());
    }
    for step in operation.split('|') {
        match step.split_once(':') {
            Some(("resize", size)) => check_size(size)?,
            None if step == "grayscale" || step == "apply-filter" => {}
            None if step == "blur" => {
                if !has_blur_radius {
                    return Err("blur needs options.blur_radius (query: blur_radius=R)".into());
                }
            }
            None if step == "resize" => {
                return Err("resize needs a size, as in resize:640x480".into());
            }
            _ => {
                return Err(format!(
                    "unknown operation {step:?}: use grayscale, blur, apply-filter, resize:WxH, or several joined by '|'"
                ))
            }
        }
    }
    Ok(())
}

/// `W` `x` `H`, two decimal u32 values (the size limits are image-ops').
fn check_size(size: &str) -> Result<(), String> {
    let decimal_u32 = |s: &str| {
        !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u32>().is_ok()
    };
    match size.split_once('x') {
        Some((w, h)) if decimal_u32(w) && decimal_u32(h) => Ok(()),
        _ => Err(format!("resize size {size:?} is not <W>x<H> in decimal")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_grammar() {
        for op in [
            "grayscale",
            "apply-filter",
            "resize:640x480",
            "resize:8x8|grayscale|blur",
        ] {
            assert_eq!(check(op, true), Ok(()), "{op}");
        }
        assert_eq!(check("grayscale|resize:1x1", false), Ok(()));
    }

    #[test]
    fn rejects_what_the_scheduler_would() {
        for op in [
            "",
            "sepia",
            "Grayscale",
            " grayscale",
            "grayscale|",
            "resize",
            "resize:",
            "resize:8",
            "resize:8x",
            "resize:-1x8",
            "resize:+1x8",
            "resize:4294967296x1",
            "grayscale:1",
        ] {
            assert!(check(op, true).is_err(), "{op:?}");
        }
        assert!(check("blur", false).unwrap_err().contains("blur_radius"));
    }
}
