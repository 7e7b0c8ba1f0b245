// The design, §3.3 (article lines 604-636), verbatim.
// 使用 @bytecodealliance/jco 运行组件
import { instantiate } from '@bytecodealliance/jco';
async function runImagePipeline() {
// 加载组件
const { imageOps, codec, scheduler } = await instantiate(
'image-pipeline-full.wasm',
{
wasi_snapshot_preview1: {
// WASI 实现
}
}
);
// 解码图像
const imageFile = await fetch('test.jpg').then(r => r.arrayBuffer());
const image = await codec.decode(new Uint8Array(imageFile));
// 提交处理任务
const taskId = await scheduler.submit(image, 'grayscale', {
brightness: 0.1,
contrast: 1.2
});
// 轮询结果
let result;
while (!result) {
result = await scheduler.getResult(taskId);
await new Promise(r => setTimeout(r, 100));
}
// 编码输出
const output = await codec.encode(result, 'jpeg');
// 显示结果
const blob = new Blob([output], { type: 'image/jpeg' });
const url = URL.createObjectURL(blob);
document.getElementById('output').src = url;
}
