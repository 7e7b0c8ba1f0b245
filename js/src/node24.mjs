// Imported first by every CLI here, so that it runs before anything else is
// loaded: Node before 24 would fail later and obscurely, on the codec's
// WebAssembly exception handling (exnref).

const MIN_MAJOR = 24;

if (Number(process.versions.node.split('.')[0]) < MIN_MAJOR) {
  const script = process.argv[1] ?? 'this script';
  console.error(
    `error: ${script} needs Node ${MIN_MAJOR} or newer (js/node_modules/.bin/node, installed by make), not ${process.version}`,
  );
  process.exit(2);
}
