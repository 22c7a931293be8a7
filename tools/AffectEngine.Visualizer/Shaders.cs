namespace AffectEngine.Visualizer;

/// <summary>GLSL 3.30 sources of the visualizer's programs.</summary>
internal static class Shaders
{
    /// <summary>
    /// One point sprite per agent, placed and sized in pixels from its attributes. A sprite is one
    /// vertex where an instanced quad is four: on llvmpipe the vertex stage and binning run on the
    /// submitting thread, so this roughly quarters that part of a 10,000-face frame.
    /// </summary>
    public const string FaceVertex = """
        #version 330 core
        layout(location = 1) in vec4 iPlace;       // pixel x, pixel y, radius px, arousal 0..1
        layout(location = 2) in vec4 iColour;      // rgb, selected flag
        layout(location = 3) in vec4 iMouthBrow;   // mouth curve, mouth open, brow raise, brow tilt
        layout(location = 4) in vec4 iEyes;        // eye openness, spare
        uniform vec2 uViewport;
        // Packed into three vectors: fewer varyings is less per-vertex setup on llvmpipe.
        flat out vec4 vShape;       // radius px, arousal, extent, selected
        flat out vec4 vColourEye;   // rgb, eye openness
        flat out vec4 vMouthBrow;
        void main()
        {
            // Leave room outside the head for the arousal outline and the selection ring.
            float extent = 1.22 + 0.25 * iColour.w;
            vShape = vec4(iPlace.z, iPlace.w, extent, iColour.w);
            vColourEye = vec4(iColour.rgb, iEyes.x);
            vMouthBrow = iMouthBrow;
            gl_PointSize = 2.0 * iPlace.z * extent;
            gl_Position = vec4(iPlace.x / uViewport.x * 2.0 - 1.0, 1.0 - iPlace.y / uViewport.y * 2.0, 0.0, 1.0);
        }
        """;

    /// <summary>
    /// Draws the face procedurally with signed distances in face space: head disc, eyes (ellipses
    /// whose height is the openness), brows (segments raised and tilted), mouth (a parabola bent by
    /// the curve, opened into a dark gap), an outline whose width and brightness follow arousal.
    /// </summary>
    public const string FaceFragment = """
        #version 330 core
        flat in vec4 vShape;
        flat in vec4 vColourEye;
        flat in vec4 vMouthBrow;
        out vec4 fragColour;

        float fill(float signedDistance, float aa) { return 1.0 - smoothstep(-aa, aa, signedDistance); }

        float segment(vec2 p, vec2 a, vec2 b)
        {
            vec2 pa = p - a, ba = b - a;
            float h = clamp(dot(pa, ba) / dot(ba, ba), 0.0, 1.0);
            return length(pa - ba * h);
        }

        vec3 features(vec2 p, float aa, vec3 skin);

        void main()
        {
            // Face space: head radius 1, y up (gl_PointCoord runs from the sprite's top-left).
            vec2 p = vec2(gl_PointCoord.x * 2.0 - 1.0, 1.0 - gl_PointCoord.y * 2.0) * vShape.z;
            float radius = vShape.x;
            float arousal = vShape.y;
            // Half a pixel in face units: edges stay one pixel soft at every face size.
            float aa = 0.75 / max(radius, 1.0);
            float d = length(p);

            // Outline: thicker and brighter with arousal.
            float ringWidth = 0.06 + 0.14 * arousal;
            vec3 ringColour = mix(vec3(0.20, 0.22, 0.26), vec3(1.0, 1.0, 1.0), arousal);
            float head = fill(d - 1.0, aa);
            float ring = fill(d - 1.0 - ringWidth, aa);
            if (ring <= 0.0 && vShape.w < 0.5)
            {
                discard;
            }

            vec3 colour = vColourEye.rgb * (1.0 - 0.10 * d * d);
            // Faces a few pixels wide cannot show features: skip them (the branch is uniform per face,
            // and this is most of the cost at 10,000 agents on a software rasterizer). The mouth is
            // kept as one dark row so mood still reads as a smile or frown at that size.
            if (radius >= 6.0)
            {
                colour = features(p, aa, colour);
            }
            else if (radius >= 3.0)
            {
                float curve = vMouthBrow.x;
                float m = -0.45 - 0.09 * curve + 0.18 * curve * p.x * p.x / 0.19;
                float mouth = max(abs(p.y - m) - 0.12, abs(p.x) - 0.5);
                colour = mix(colour, vec3(0.10, 0.08, 0.09), fill(mouth, aa));
            }

            colour = mix(ringColour, colour, head);
            float alpha = ring;

            // Selection: a white ring outside the outline.
            if (vShape.w > 0.5)
            {
                float sel = fill(abs(d - (1.22 + ringWidth)) - 0.06, aa);
                colour = mix(colour, vec3(1.0), sel * (1.0 - ring));
                alpha = max(alpha, sel);
            }

            if (alpha <= 0.0)
            {
                discard;
            }

            fragColour = vec4(colour, alpha);
        }

        vec3 features(vec2 p, float aa, vec3 skin)
        {
            float curve = vMouthBrow.x;
            float open = vMouthBrow.y;
            float raise = vMouthBrow.z;
            float tilt = vMouthBrow.w;
            float eyeOpen = vColourEye.w;

            // Eyes: ellipses, taller when open, flattened to a line when squeezed.
            float eyeH = 0.03 + 0.16 * eyeOpen;
            vec2 q = vec2(abs(p.x) - 0.36, p.y - 0.18);
            float eye = (length(q / vec2(0.13, eyeH)) - 1.0) * min(0.13, eyeH);

            // Brows: inner end at |x| = 0.16, outer at 0.55; tilt lifts the inner end (worry) or lowers it (frown).
            float by = 0.50 + 0.14 * raise;
            float brow = segment(vec2(abs(p.x), p.y), vec2(0.16, by + 0.16 * tilt), vec2(0.55, by - 0.08 * tilt)) - 0.045;

            // Mouth: centre line y = m(x); positive curve lifts the corners into a smile.
            float t = clamp(p.x / 0.44, -1.0, 1.0);
            float bow = 1.0 - t * t;
            float m = -0.42 + 0.30 * curve * (t * t - 0.5);
            float lower = m - open * 0.32 * bow;
            float inX = abs(p.x) - 0.44;
            float line = max(abs(p.y - m) - 0.05, inX);
            float gap = max(max(p.y - m, lower - p.y), inX);
            float mouth = min(line, gap);

            float feature = max(fill(eye, aa), max(fill(brow, aa), fill(mouth, aa)));
            return mix(skin, vec3(0.10, 0.08, 0.09), feature);
        }
        """;

    /// <summary>Coloured lines in pixel coordinates.</summary>
    public const string LineVertex = """
        #version 330 core
        layout(location = 0) in vec2 aPixel;
        layout(location = 1) in vec4 aColour;
        uniform vec2 uViewport;
        out vec4 vColour;
        void main()
        {
            vColour = aColour;
            gl_Position = vec4(aPixel.x / uViewport.x * 2.0 - 1.0, 1.0 - aPixel.y / uViewport.y * 2.0, 0.0, 1.0);
        }
        """;

    /// <summary>Passes the line colour through.</summary>
    public const string LineFragment = """
        #version 330 core
        in vec4 vColour;
        out vec4 fragColour;
        void main() { fragColour = vColour; }
        """;

    /// <summary>A quad over one overlay region (pixels, top-left origin) sampling the overlay texture (rows stored top first).</summary>
    public const string OverlayVertex = """
        #version 330 core
        layout(location = 0) in vec2 aCorner;
        uniform vec4 uRect;
        uniform vec2 uViewport;
        out vec2 vUv;
        void main()
        {
            vec2 pixel = uRect.xy + vec2(aCorner.x * 0.5 + 0.5, 0.5 - aCorner.y * 0.5) * uRect.zw;
            vUv = pixel / uViewport;
            gl_Position = vec4(pixel.x / uViewport.x * 2.0 - 1.0, 1.0 - pixel.y / uViewport.y * 2.0, 0.0, 1.0);
        }
        """;

    /// <summary>Samples the premultiplied overlay.</summary>
    public const string OverlayFragment = """
        #version 330 core
        in vec2 vUv;
        uniform sampler2D uOverlay;
        out vec4 fragColour;
        void main() { fragColour = texture(uOverlay, vUv); }
        """;
}
