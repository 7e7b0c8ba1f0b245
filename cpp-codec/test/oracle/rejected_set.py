"""The rejected corpus: corrupt, unsupported and oversized inputs, each with the
error the codec must return (and then keep working). Truncations are not
listed here: every proper prefix of the goldens marked `truncate` is refused
too, which the test runners derive themselves."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from cases import INVALID_FORMAT, OUT_OF_MEMORY, Rejected, gradient
from jpeg_tools import find, segments
from PIL import Image
from png_writer import SIGNATURE, Png, chunk, ihdr, image_data


def replace_ihdr(png: bytes, new_ihdr: bytes) -> bytes:
    """`png` with its IHDR chunk (the first, 25 bytes) replaced."""
    return SIGNATURE + new_ihdr + png[8 + 25:]


def patch(data: bytes, at: int, new: bytes) -> bytes:
    return data[:at] + new + data[at + len(new):]


def idat_file(stream: bytes, color_type: int = 0, interlace: bool = False) -> bytes:
    """A 16x16 8-bit PNG whose single IDAT holds `stream` as given."""
    return (SIGNATURE + ihdr(16, 16, 8, color_type, int(interlace)) + chunk(b"IDAT", stream)
            + chunk(b"IEND", b""))


def zip_bomb(extra: int, interlace: bool = False) -> bytes:
    """A 16x16 gray PNG whose compressed stream goes on, after the image, with
    `extra` zero bytes: kilobytes that inflate to `extra` more."""
    rows = image_data(np.zeros((16, 16, 1), np.uint16), 8, interlace)
    compressor = zlib.compressobj(9)
    stream = compressor.compress(rows)
    zeros = bytes(1 << 20)
    for _ in range(extra >> 20):
        stream += compressor.compress(zeros)
    return idat_file(stream + compressor.flush(), interlace=interlace)


def png_cases(goldens: dict[str, bytes]) -> list[Rejected]:
    rgb = goldens["png/rgb_8.png"]
    idat = rgb.index(b"IDAT")
    idat_length = int.from_bytes(rgb[idat - 4:idat], "big")
    idat_crc = idat + 4 + idat_length
    stream = rgb[idat + 4:idat_crc]
    rows = zlib.decompress(stream)
    small = Png(gradient(16, 16, 1).astype(np.uint16), 0, 8)

    def header(width: int, height: int, depth: int = 8, color_type: int = 2, **fields) -> bytes:
        return replace_ihdr(rgb, ihdr(width, height, depth, color_type, **fields))

    def with_stream(new_stream: bytes) -> bytes:
        return rgb[:idat - 4] + chunk(b"IDAT", new_stream) + rgb[idat_crc + 4:]

    cases = [
        ("bad_signature", patch(rgb, 1, b"Q"), "second signature byte changed"),
        ("signature_only", SIGNATURE, "the signature and nothing else"),
        ("ihdr_bad_crc", patch(rgb, 29, bytes([rgb[29] ^ 0xFF])), "IHDR checksum wrong"),
        ("idat_bad_crc", patch(rgb, idat_crc, bytes([rgb[idat_crc] ^ 0xFF])),
         "IDAT checksum wrong"),
        ("ihdr_zero_width", header(0, 23), "width 0"),
        ("ihdr_zero_height", header(37, 0), "height 0"),
        ("ihdr_gray_depth_3", header(37, 23, 3, 0), "bit depth 3 does not exist"),
        ("ihdr_rgb_depth_4", header(37, 23, 4, 2), "RGB allows 8 and 16 bits only"),
        ("ihdr_palette_depth_16", header(37, 23, 16, 3), "palette allows 1 to 8 bits"),
        ("ihdr_gray_alpha_depth_2", header(37, 23, 2, 4), "gray + alpha allows 8 and 16 bits"),
        ("ihdr_color_type_5", header(37, 23, 8, 5), "colour type 5 does not exist"),
        ("ihdr_compression_1", header(37, 23, compression=1), "compression method 1"),
        ("ihdr_filter_1", header(37, 23, filter_method=1), "filter method 1"),
        ("ihdr_interlace_2", header(37, 23, interlace=2), "interlace method 2"),
        ("ihdr_length_12", SIGNATURE + chunk(b"IHDR", rgb[16:28]) + rgb[33:],
         "IHDR one byte short"),
        ("ihdr_not_first", SIGNATURE + rgb[idat - 4:idat_crc + 4] + rgb[8:idat - 4]
         + rgb[idat_crc + 4:], "IDAT before IHDR"),
        ("idat_missing", rgb[:idat - 4] + rgb[idat_crc + 4:], "no image data at all"),
        ("unknown_critical_chunk", rgb[:idat - 4] + chunk(b"ABCD", b"1234") + rgb[idat - 4:],
         "an unknown critical chunk must not be skipped"),
        ("chunk_length_2pow31", rgb[:idat - 4] + b"\x80\0\0\0tEXt" + rgb[idat - 4:],
         "chunk length over 2^31 - 1"),
        ("palette_missing", idat_file(zlib.compress(image_data(small.samples, 8, False)),
                                      color_type=3), "colour type 3 without PLTE"),
        ("deflate_bad_block_type", with_stream(patch(stream, 2, bytes([stream[2] | 0x06]))),
         "first deflate block of reserved type 3"),
        ("deflate_bad_adler32", with_stream(patch(stream, len(stream) - 1,
                                                  bytes([stream[-1] ^ 0x01]))),
         "Adler-32 of the image data wrong"),
        ("filter_type_5", with_stream(zlib.compress(patch(rows, 3 * (1 + 37 * 3), b"\x05"))),
         "row 3 has filter type 5"),
        ("not_enough_image_data", with_stream(zlib.compress(rows[:len(rows) // 2])),
         "a complete stream holding half the rows"),
        ("too_much_image_data", with_stream(zlib.compress(rows + bytes(100))),
         "100 bytes of image data past the last row"),
        ("junk_after_stream", with_stream(stream + b"junk"),
         "bytes after the end of the compressed stream"),
        ("zip_bomb_64mib", zip_bomb(64 << 20),
         "16x16 image, 64 MiB more inflated data after it: refused within a few MiB"),
        ("zip_bomb_adam7_16mib", zip_bomb(16 << 20, interlace=True),
         "the same, Adam7-interlaced, 16 MiB after it"),
        ("declared_16384x4096_tiny", replace_ihdr(small.encode(), ihdr(16384, 4096, 8, 6)),
         "within the limits, but 256 MiB of pixels cannot come from 300 bytes"),
    ]
    out = [Rejected(f"rejected/png_{name}.png", data, INVALID_FORMAT, what)
           for name, data, what in cases]
    for width, height, what in [(1_000_000, 1_000_000, "10^12 pixels (timing bar)"),
                                (16385, 1, "one pixel wider than 16384"),
                                (16384, 4097, "one row over 64 Mi pixels"),
                                (0x80000000, 1, "width 2^31, over PNG's own limit")]:
        out.append(Rejected(f"rejected/png_{width}x{height}.png",
                            replace_ihdr(small.encode(), ihdr(width, height, 8, 0)),
                            OUT_OF_MEMORY, what))
    return out


def sof_patch(jpeg: bytes, offset: int, value: bytes) -> bytes:
    """`jpeg` with bytes of its frame header (SOF0 or SOF2) replaced; offset
    counts from the marker (precision at 4, height at 5, width at 7)."""
    marker = next(m for m, _, _ in segments(jpeg) if m in (0xC0, 0xC1, 0xC2, 0xC9, 0xCA))
    start, _ = find(jpeg, marker)
    return patch(jpeg, start + offset, value)


def without(jpeg: bytes, marker: int) -> bytes:
    """`jpeg` without any segment of type `marker`."""
    return b"".join(jpeg[start:end] for m, start, end in segments(jpeg) if m != marker)


def jpeg_cases(goldens: dict[str, bytes], scans501: bytes) -> list[Rejected]:
    baseline = goldens["jpeg/ycc420_baseline.jpg"]
    progressive = goldens["jpeg/ycc420_progressive.jpg"]
    restart = goldens["jpeg/ycc420_restart_rows.jpg"]
    optimized = goldens["jpeg/ycc420_optimized.jpg"]

    def size(width: int, height: int, base: bytes = baseline) -> bytes:
        return sof_patch(base, 5, struct.pack(">HH", height, width))

    sos_start, sos_end = find(baseline, 0xDA)
    scan_header = sos_start + 2 + int.from_bytes(baseline[sos_start + 2:sos_start + 4], "big")
    half_scan = baseline[:(scan_header + sos_end) // 2] + b"\xFF\xD9"
    first_rst = restart.index(b"\xFF\xD0")
    dht_start, _ = find(optimized, 0xC4)
    second_scan, _ = find(progressive, 0xDA, 1)
    cmyk = io.BytesIO()
    rgb = gradient(37, 23, 3)
    Image.frombytes("CMYK", (37, 23), np.dstack([rgb, rgb[:, :, :1]]).tobytes()).save(
        cmyk, "JPEG", quality=90)
    adobe, _ = find(cmyk.getvalue(), 0xEE)
    cases = [
        ("bad_signature", b"\xFF\xD8\x00" + baseline[3:], "SOI not followed by a marker"),
        ("soi_eoi", b"\xFF\xD8\xFF\xD9", "no frame at all"),
        ("no_scan", without(baseline, 0xDA), "frame header but no scan"),
        ("zero_width", size(0, 23), "width 0"),
        ("zero_height", size(37, 0), "height 0 (DNL)"),
        ("precision_12", sof_patch(baseline, 4, b"\x0C"), "12-bit samples"),
        ("bad_sampling", sof_patch(baseline, 11, b"\x55"), "sampling factors 5x5"),
        ("quant_table_missing", without(baseline, 0xDB), "no DQT"),
        ("huffman_table_bogus", patch(optimized, dht_start + 5, b"\xFF"),
         "Huffman code lengths overfull"),
        ("scan_bad_component", patch(baseline, sos_start + 5, b"\x09"),
         "scan names a component the frame lacks"),
        ("scan_data_cut", half_scan, "entropy data cut in half, then EOI"),
        ("restart_out_of_order", patch(restart, first_rst + 1, b"\xD5"),
         "first restart marker numbered 5"),
        ("bogus_progression", patch(progressive, second_scan + 2 + int.from_bytes(
            progressive[second_scan + 2:second_scan + 4], "big") - 1, b"\x21"),
         "second scan refines bits never sent"),
        ("cmyk", cmyk.getvalue(), "CMYK (Adobe, Pillow): unsupported"),
        ("ycck", patch(cmyk.getvalue(), adobe + 15, b"\x02"),
         "the same with Adobe transform 2, YCCK: unsupported"),
        ("scans501", scans501, "501 scans, one over the limit"),
        ("declared_16384x4096_tiny", size(16384, 4096),
         "within the limits, but 64 Mi pixels of Huffman data cannot fit in 900 bytes"),
    ]
    out = [Rejected(f"rejected/jpeg_{name}.jpg", data, INVALID_FORMAT, what)
           for name, data, what in cases]
    for width, height, what in [(65500, 65500, "libjpeg's largest size (timing bar)"),
                                (65535, 65535, "over libjpeg's own limit"),
                                (16385, 16, "one pixel wider than 16384"),
                                (16384, 4097, "one row over 64 Mi pixels")]:
        out.append(Rejected(f"rejected/jpeg_{width}x{height}.jpg", size(width, height),
                            OUT_OF_MEMORY, what))
    return out
