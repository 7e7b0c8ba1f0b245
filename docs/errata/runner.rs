// The design, §3.2 (article lines 579-602), verbatim.
// runner.rs
use wasmtime::*;
use wasmtime_wasi::preview2;
fn main() -> Result<()> {
// 创建引擎
let engine = Engine::default();
// 加载组件
let component = Component::from_file(&engine, "image-pipeline-full.wasm")?;
// 创建 linker
let mut linker = Linker::new(&engine);
// 添加 WASI 支持
preview2::add_to_linker_sync(&mut linker)?;
// 创建 store
let mut store = Store::new(&engine, preview2::WasiCtxBuilder::new().build());
// 实例化组件
let instance = linker.instantiate(&mut store, &component)?;
// 获取导出的函数
let grayscale = instance
.get_typed_func::<(u32, u32, u32), u32>(&mut store, "grayscale")?;
// 调用函数
let result = grayscale.call(&mut store, (100, 100, 3))?;
println!("Result: {:?}", result);
Ok(())
}
