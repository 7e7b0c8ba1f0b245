//! The shipped limits file loads, and gives what it says.

use std::path::Path;
use std::time::Duration;

use image_pipeline_host::config::Config;

#[test]
fn the_example_limits_file_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("wasmtime.toml");
    let config = Config::load(&path).unwrap();
    let limits = config.limits();
    assert_eq!(limits.max_memory, 256 << 20);
    assert_eq!(limits.max_cpu_time, Duration::from_secs(30));
    assert_eq!(config.permissions.allowed_domains.len(), 1);
    assert_eq!(config.component.name.as_deref(), Some("image-service"));
}
