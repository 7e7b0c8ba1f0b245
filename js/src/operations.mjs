// The operations of the text form from step-text's one list of them
// (step-text/operations.tsv, which a Rust test keeps equal to the WIT `step`
// variant): the JS CLI's help and the page's choices are made from it, as
// the host CLI's help is.

/** Each line of the list: {name, usage, step, summary}. */
export function parseOperations(text) {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [name, usage, step, summary] = line.split('\t');
      return { name, usage, step, summary };
    });
}
