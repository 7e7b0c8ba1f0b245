// The benchmark's pure-JavaScript column: grayscale, Gaussian blur and
// bilinear resize written as idiomatic JS over typed arrays (no wasm), with
// the same integer arithmetic as rust-image-ops, so that the results are
// byte for byte the same (check.mjs compares them with the Rust goldens).
//
// An image is { width, height, channels, data: Uint8Array }, like the WIT
// `image` record.

/** BT.601 luma in 16-bit fixed point, as `wit/image-ops.wit` defines it. */
export function grayscale({ width, height, channels, data }) {
  if (channels === 1) return { width, height, channels, data };
  const pixels = width * height;
  const out = new Uint8Array(pixels);
  if (channels === 2) {
    for (let i = 0; i < pixels; i++) out[i] = data[2 * i];
  } else {
    for (let i = 0, p = 0; i < pixels; i++, p += channels) {
      out[i] = (19595 * data[p] + 38470 * data[p + 1] + 7471 * data[p + 2] + 32768) >>> 16;
    }
  }
  return { width, height, channels: 1, data: out };
}

const BLUR_SHIFT = 22;
const BLUR_ONE = 1 << BLUR_SHIFT;
const BLUR_HALF = 1 << (BLUR_SHIFT - 1);

/** Half of the Gaussian kernel in 22-bit fixed point, summing to 2^22. */
function blurWeights(radius) {
  const sigma = radius / 3;
  const twoSigmaSq = 2 * sigma * sigma;
  const gauss = Array.from({ length: radius + 1 }, (_, x) => Math.exp(-(x * x) / twoSigmaSq));
  const total = gauss[0] + 2 * gauss.slice(1).reduce((a, b) => a + b, 0);
  const scale = BLUR_ONE / total;
  const weights = gauss.map((g) => Math.round(g * scale));
  const sum = weights[0] + 2 * weights.slice(1).reduce((a, b) => a + b, 0);
  weights[0] += BLUR_ONE - sum; // the rounding residue goes to the centre tap
  return weights;
}

/** Separable Gaussian blur, σ = radius / 3, edges clamped. */
export function blur(img, radius) {
  if (radius === 0) return img;
  const { width, height, channels, data } = img;
  const w = blurWeights(radius);
  const rowLen = width * channels;
  const tmp = new Uint8Array(data.length);
  const out = new Uint8Array(data.length);
  const acc = new Uint32Array(rowLen);
  // Horizontal pass: neighbours clamped to the row's first and last pixel.
  for (let y = 0; y < height; y++) {
    const row = y * rowLen;
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        let sum = BLUR_HALF + w[0] * data[row + x * channels + c];
        for (let k = 1; k <= radius; k++) {
          const before = Math.max(x - k, 0);
          const after = Math.min(x + k, width - 1);
          sum += w[k] * (data[row + before * channels + c] + data[row + after * channels + c]);
        }
        tmp[row + x * channels + c] = sum >>> BLUR_SHIFT;
      }
    }
  }
  // Vertical pass, a row at a time (contiguous memory).
  for (let y = 0; y < height; y++) {
    const centre = y * rowLen;
    for (let i = 0; i < rowLen; i++) acc[i] = BLUR_HALF + w[0] * tmp[centre + i];
    for (let k = 1; k <= radius; k++) {
      const before = Math.max(y - k, 0) * rowLen;
      const after = Math.min(y + k, height - 1) * rowLen;
      const wk = w[k];
      for (let i = 0; i < rowLen; i++) acc[i] += wk * (tmp[before + i] + tmp[after + i]);
    }
    for (let i = 0; i < rowLen; i++) out[centre + i] = acc[i] >>> BLUR_SHIFT;
  }
  return { width, height, channels, data: out };
}

const PRECISION_BITS = 22;
const RESIZE_HALF = 1 << (PRECISION_BITS - 1);

/** Pillow's bilinear coefficients (precompute_coeffs + normalize_coeffs_8bpc). */
function coefficients(inSize, outSize) {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  const ksize = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = new Int32Array(outSize * ksize);
  const raw = new Float64Array(ksize);
  for (let xx = 0; xx < outSize; xx++) {
    const center = (xx + 0.5) * scale;
    const min = Math.max(Math.trunc(center - support + 0.5), 0);
    const end = Math.min(Math.max(Math.trunc(center + support + 0.5), 0), inSize);
    const count = Math.min(Math.max(end - min, 0), ksize);
    let total = 0;
    for (let x = 0; x < count; x++) {
      raw[x] = Math.max(1 - Math.abs((x + min - center + 0.5) / support), 0);
      total += raw[x];
    }
    for (let x = 0; x < count; x++) {
      const v = total === 0 ? raw[x] : raw[x] / total;
      weights[xx * ksize + x] = Math.trunc(v * (1 << PRECISION_BITS) + (v < 0 ? -0.5 : 0.5));
    }
    starts[xx] = min;
    counts[xx] = count;
  }
  return { ksize, starts, counts, weights };
}

const clip8 = (sum) => Math.min(Math.max(sum >> PRECISION_BITS, 0), 255);

/** Resamples to `outWidth` × `outHeight` like Pillow's BILINEAR, per channel. */
export function resize(img, outWidth, outHeight) {
  const { width, height, channels, data } = img;
  if (outWidth === width && outHeight === height) return img;
  const vertical = coefficients(height, outHeight);
  let src = data;
  let firstRow = 0;
  if (outWidth !== width) {
    // Only the source rows the vertical pass reads.
    firstRow = vertical.starts[0];
    const lastRow = vertical.starts[outHeight - 1] + vertical.counts[outHeight - 1];
    const h = coefficients(width, outWidth);
    const inRow = width * channels;
    const outRow = outWidth * channels;
    const rows = new Uint8Array((lastRow - firstRow) * outRow);
    for (let y = firstRow; y < lastRow; y++) {
      for (let x = 0; x < outWidth; x++) {
        const start = y * inRow + h.starts[x] * channels;
        for (let c = 0; c < channels; c++) {
          let sum = RESIZE_HALF;
          for (let k = 0; k < h.counts[x]; k++) {
            sum += data[start + k * channels + c] * h.weights[x * h.ksize + k];
          }
          rows[(y - firstRow) * outRow + x * channels + c] = clip8(sum);
        }
      }
    }
    src = rows;
  }
  if (outHeight === height) return { width: outWidth, height, channels, data: src };
  const rowLen = outWidth * channels;
  const out = new Uint8Array(outHeight * rowLen);
  const acc = new Int32Array(rowLen);
  for (let y = 0; y < outHeight; y++) {
    acc.fill(RESIZE_HALF);
    for (let k = 0; k < vertical.counts[y]; k++) {
      const row = (vertical.starts[y] - firstRow + k) * rowLen;
      const wk = vertical.weights[y * vertical.ksize + k];
      for (let i = 0; i < rowLen; i++) acc[i] += src[row + i] * wk;
    }
    for (let i = 0; i < rowLen; i++) out[y * rowLen + i] = clip8(acc[i]);
  }
  return { width: outWidth, height: outHeight, channels, data: out };
}
