using System;
using OpenCvSharp;

namespace AffectEngine.Perception.Face.Tests;

/// <summary>
/// Renders a standing person, facing the camera, into a 640×480 BGR frame: skin-coloured head, neck,
/// forearms and hands, a shirt, trousers and shoes, in front of a plain wall, with the arms and head
/// posed by angle. Generated here so the pose tests have full-body frames whose true pose is known.
/// </summary>
internal static class Figure
{
    private static readonly Scalar Skin = new(125, 165, 215);
    private static readonly Scalar Shirt = new(50, 60, 160);
    private static readonly Scalar Trousers = new(80, 45, 25);
    private static readonly Scalar Hair = new(25, 30, 40);
    private static readonly Scalar Shoe = new(20, 20, 20);

    /// <summary>
    /// Draws the figure. Arm angles are the upper arm's abduction from hanging straight down (0°) through
    /// horizontal (90°) to straight up (180°); the forearm continues the upper arm bent by the elbow angle
    /// (positive bends the forearm up towards the head). <paramref name="headDrop"/> lowers the head
    /// towards the chest in pixels (a bowed head).
    /// </summary>
    public static Mat Render(double leftArm, double rightArm, double leftElbow = 0, double rightElbow = 0, double headDrop = 0, double shiftX = 0)
    {
        var m = new Mat(480, 640, MatType.CV_8UC3);
        for (var y = 0; y < 480; y++)
        {
            var shade = y < 400 ? 200 - (y / 16) : 120;
            Cv2.Line(m, new Point(0, y), new Point(639, y), new Scalar(shade - 10, shade, shade + 5), 1);
        }

        var cx = 320 + shiftX;
        var shoulderY = 150.0;
        var hipY = 290.0;

        // Legs first (the torso overlaps their tops).
        foreach (var side in new[] { -1, 1 })
        {
            var hip = P(cx + (side * 28), hipY);
            var knee = P(cx + (side * 34), 375);
            var ankle = P(cx + (side * 36), 450);
            Cv2.Line(m, hip, knee, Trousers, 36, LineTypes.AntiAlias);
            Cv2.Line(m, knee, ankle, Trousers, 30, LineTypes.AntiAlias);
            Cv2.Ellipse(m, new RotatedRect(new Point2f((float)(cx + (side * 44)), 458), new Size2f(44, 18), 0), Shoe, -1, LineTypes.AntiAlias);
        }

        // Torso: shoulders to hips, a little narrower at the waist.
        var torso = new[]
        {
            P(cx - 58, shoulderY - 6), P(cx + 58, shoulderY - 6), P(cx + 48, hipY + 10), P(cx - 48, hipY + 10),
        };
        Cv2.FillConvexPoly(m, torso, Shirt, LineTypes.AntiAlias);

        // Neck and head.
        var headY = 92 + headDrop;
        Cv2.Line(m, P(cx, shoulderY - 10), P(cx, headY + 20), Skin, 26, LineTypes.AntiAlias);
        Cv2.Ellipse(m, new RotatedRect(new Point2f((float)cx, (float)headY), new Size2f(58, 72), 0), Skin, -1, LineTypes.AntiAlias);
        Cv2.Ellipse(m, new RotatedRect(new Point2f((float)cx, (float)(headY - 24)), new Size2f(62, 34), 0), Hair, -1, LineTypes.AntiAlias);
        foreach (var side in new[] { -1, 1 })
        {
            Cv2.Circle(m, P(cx + (side * 12), headY - 4), 4, Hair, -1, LineTypes.AntiAlias);
            Cv2.Ellipse(m, new RotatedRect(new Point2f((float)(cx + (side * 29)), (float)headY), new Size2f(9, 18), 0), new Scalar(110, 150, 200), -1, LineTypes.AntiAlias);
        }

        Cv2.Ellipse(m, new RotatedRect(new Point2f((float)cx, (float)(headY + 20)), new Size2f(18, 6), 0), new Scalar(60, 60, 150), -1, LineTypes.AntiAlias);

        // Arms: the image's right is the person's left.
        Arm(m, cx + 50, shoulderY, +1, leftArm, leftElbow);
        Arm(m, cx - 50, shoulderY, -1, rightArm, rightElbow);
        return m;
    }

    private static void Arm(Mat m, double sx, double sy, int side, double abduction, double elbow)
    {
        const double Upper = 78, Fore = 72;
        var a = abduction * Math.PI / 180;
        var ex = sx + (side * Upper * Math.Sin(a));
        var ey = sy + (Upper * Math.Cos(a));
        var b = (abduction + elbow) * Math.PI / 180;
        var wx = ex + (side * Fore * Math.Sin(b));
        var wy = ey + (Fore * Math.Cos(b));
        Cv2.Line(m, P(sx, sy), P(ex, ey), Shirt, 30, LineTypes.AntiAlias);
        Cv2.Line(m, P(ex, ey), P(wx, wy), Skin, 22, LineTypes.AntiAlias);
        Cv2.Circle(m, P(wx + (side * 8 * Math.Sin(b)), wy + (8 * Math.Cos(b))), 13, Skin, -1, LineTypes.AntiAlias);
    }

    private static Point P(double x, double y) => new((int)Math.Round(x), (int)Math.Round(y));
}
