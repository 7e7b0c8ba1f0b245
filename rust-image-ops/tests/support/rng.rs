//! `SplitMix64`: a small, seedable generator for test inputs, so that every
//! failure reproduces. Shared by the property and component tests.

// Each test binary uses only some of these.
#![allow(dead_code)]

use image_ops::Image;

pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `lo ..= hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    pub fn byte(&mut self) -> u8 {
        self.next() as u8
    }

    /// A random image of the given shape.
    pub fn image_sized(&mut self, width: u32, height: u32, channels: u8) -> Image {
        let len = (width * height) as usize * usize::from(channels);
        Image::new(
            width,
            height,
            channels,
            (0..len).map(|_| self.byte()).collect(),
        )
    }

    /// A random image of random shape: sides 1 ..= `max_side`, 1 to 4 channels.
    pub fn image(&mut self, max_side: u32) -> Image {
        let width = self.range(1, max_side);
        let height = self.range(1, max_side);
        let channels = self.range(1, 4) as u8;
        self.image_sized(width, height, channels)
    }
}
