//! The operations of the text form, from `operations.tsv`: the one list
//! that help texts, error messages and the JS parser are made from.

/// One operation of the text form (`operations.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The name that starts a step: `resize`.
    pub name: &'static str,
    /// How the step is written: `resize:WxH`.
    pub usage: &'static str,
    /// The `types.step` case it makes: `resize`.
    pub step: &'static str,
    /// What it does, in a few words, for help texts.
    pub summary: &'static str,
}

/// The list, as a file, for users outside Rust (the JS CLI and page).
pub const OPERATIONS_TSV: &str = include_str!("../operations.tsv");

/// Every operation, in the order help lists them.
pub fn operations() -> impl Iterator<Item = Operation> {
    OPERATIONS_TSV
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            Some(Operation {
                name: fields.next()?,
                usage: fields.next()?,
                step: fields.next()?,
                summary: fields.next()?,
            })
        })
}

/// `use grayscale, blur, apply-filter, resize:WxH, or several joined by '|'`.
pub(crate) fn grammar() -> String {
    let usages: Vec<&str> = operations().map(|op| op.usage).collect();
    format!("use {}, or several joined by '|'", usages.join(", "))
}
