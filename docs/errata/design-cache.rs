// The design, §4.4 (article lines 721-750), verbatim: the in-instance result
// cache and its key (less line 720, `use lru::LruCache;`, which
// design_cache_test.rs stands in for). design_cache_test.rs tests it.
use std::sync::Mutex;
use std::num::NonZeroUsize;
lazy_static! {
static ref IMAGE_CACHE: Mutex<LruCache<u64, Image>> = Mutex::new(
LruCache::new(NonZeroUsize::new(100).unwrap())
);
}
fn process_cached(img: &Image) -> Result<Image, Error> {
// 计算图像哈希
let hash = compute_hash(&img.data);
// 检查缓存
let mut cache = IMAGE_CACHE.lock().unwrap();
if let Some(cached) = cache.get(&hash) {
return Ok(cached.clone());
}
drop(cache);
// 处理图像
let result = process_image(img)?;
// 存入缓存
let mut cache = IMAGE_CACHE.lock().unwrap();
cache.put(hash, result.clone());
Ok(result)
}
fn compute_hash(data: &[u8]) -> u64 {
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
let mut hasher = DefaultHasher::new();
data.hash(&mut hasher);
hasher.finish()
}
