using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace AffectEngine.Visualizer.Tests;

public sealed class PreviewTests
{
    [Fact]
    public void Headless_preview_is_a_valid_animated_png_with_one_frame_per_written_frame()
    {
        var path = Path.Combine(Path.GetTempPath(), "preview-" + Guid.NewGuid().ToString("N") + ".png");
        try
        {
            using var sim = DemoCrowd.Create(50, seed: 3);
            var options = VisualizerOptions.Parse(["--headless", "--ticks", "6", "--every", "2", "--width", "200", "--height", "120", "--preview", path]);
            Assert.Equal(0, VisualizerHost.Run(options, sim, new StringWriter()));

            var png = File.ReadAllBytes(path);
            var offset = 8;
            int frames = -1, fctl = 0, fdat = 0, width = 0, height = 0;
            uint expectedSequence = 0;
            while (offset < png.Length)
            {
                var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
                var type = Encoding.ASCII.GetString(png, offset + 4, 4);
                var data = png.AsSpan(offset + 8, length);
                var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
                Assert.Equal(crc, Crc32.HashToUInt32(png.AsSpan(offset + 4, 4 + length)));
                switch (type)
                {
                    case "IHDR":
                        width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                        height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                        break;
                    case "acTL":
                        frames = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                        break;
                    case "fcTL":
                        Assert.Equal(expectedSequence++, BinaryPrimitives.ReadUInt32BigEndian(data));
                        fctl++;
                        break;
                    case "fdAT":
                        Assert.Equal(expectedSequence++, BinaryPrimitives.ReadUInt32BigEndian(data));
                        // Each frame's data inflates to the filtered rows of a half-size RGBA image.
                        using (var z = new ZLibStream(new MemoryStream(data[4..].ToArray()), CompressionMode.Decompress))
                        using (var raw = new MemoryStream())
                        {
                            z.CopyTo(raw);
                            Assert.Equal(height * ((width * 4) + 1), raw.Length);
                        }

                        fdat++;
                        break;
                }

                offset += 12 + length;
            }

            Assert.Equal((100, 60), (width, height));
            Assert.Equal(4, frames); // ticks 0, 2, 4, 6
            Assert.Equal(4, fctl);
            Assert.Equal(3, fdat);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
