// The design, §2.2 (article lines 205-236 and 277-317), verbatim: the
// Rust component's grayscale and blur (methods of `impl Guest` there, free
// functions here) and their helpers. design_ops_test.rs tests them.
fn grayscale(img: Image) -> Result<Image, Error> {
let Image { width, height, channels, data } = img;
if channels < 3 {
return Err(Error::InvalidFormat("Expected at least 3 channels (RGB)".to_string()));
}
let mut output = vec![0u8; (width * height) as usize];
for i in 0..(width * height) as usize {
let r = data[i * 3] as f32;
let g = data[i * 3 + 1] as f32;
let b = data[i * 3 + 2] as f32;
// 使用亮度公式
let gray = (0.299 * r + 0.587 * g + 0.114 * b) as u8;
output[i] = gray;
}
Ok(Image {
width,
height,
channels: 1,
data: output,
})
}
fn blur(img: Image, radius: u32) -> Result<Image, Error> {
// 高斯模糊实现
let kernel = generate_gaussian_kernel(radius);
let output = apply_convolution(&img.data, img.width, img.height, &kernel);
Ok(Image {
width: img.width,
height: img.height,
channels: img.channels,
data: output,
})
}
fn generate_gaussian_kernel(radius: u32) -> Vec<Vec<f32>> {
let size = (radius * 2 + 1) as usize;
let sigma = radius as f32 / 3.0;
let mut kernel = vec![vec![0.0; size]; size];
let mut sum = 0.0;
for i in 0..size {
for j in 0..size {
let x = i as f32 - radius as f32;
let y = j as f32 - radius as f32;
let value = (-(x * x + y * y) / (2.0 * sigma * sigma)).exp();
kernel[i][j] = value;
sum += value;
}
}
// 归一化
for i in 0..size {
for j in 0..size {
kernel[i][j] /= sum;
}
}
kernel
}
fn apply_convolution(data: &[u8], width: u32, height: u32, kernel: &[Vec<f32>]) -> Vec<u8> {
let k_size = kernel.len();
let k_half = k_size / 2;
let mut output = vec![0u8; data.len()];
for y in 0..height as usize {
for x in 0..width as usize {
let mut sum = 0.0;
for ky in 0..k_size {
for kx in 0..k_size {
let px = (x as i32 + kx as i32 - k_half as i32).clamp(0, width as i32 - 1) as usize;
let py = (y as i32 + ky as i32 - k_half as i32).clamp(0, height as i32 - 1) as usize;
sum += data[py * width as usize + px] as f32 * kernel[ky][kx];
}
}
output[y * width as usize + x] = sum.clamp(0.0, 255.0) as u8;
}
}
output
}
