namespace AffectEngine.Affect;

/// <summary>
/// ALMA's emotion → PAD mapping (Gebhard, P. 2005. "ALMA – A Layered Model of Affect", AAMAS '05,
/// Table 2), one row per <see cref="EmotionType"/> in field order: (pleasure, arousal, dominance).
/// </summary>
public static class AlmaTables
{
    /// <summary>The citation of the table.</summary>
    public const string Citation = "Gebhard, P. (2005). ALMA - A Layered Model of Affect. AAMAS '05, Table 2.";

    private static readonly float[] Pad =
    [
        0.40f, 0.20f, 0.10f,    // joy
        -0.40f, -0.20f, -0.50f, // distress
        0.20f, 0.20f, -0.10f,   // hope
        -0.64f, 0.60f, -0.43f,  // fear
        0.30f, -0.20f, 0.40f,   // satisfaction
        -0.50f, -0.30f, -0.70f, // fears-confirmed
        0.20f, -0.30f, 0.40f,   // relief
        -0.30f, 0.10f, -0.40f,  // disappointment
        0.40f, 0.20f, 0.20f,    // happy-for
        -0.20f, -0.30f, -0.20f, // resentment
        0.30f, -0.30f, -0.10f,  // gloating
        -0.40f, -0.20f, -0.50f, // pity
        0.40f, 0.30f, 0.30f,    // pride
        -0.30f, 0.10f, -0.60f,  // shame
        0.50f, 0.30f, -0.20f,   // admiration
        -0.30f, -0.10f, 0.40f,  // reproach
        0.60f, 0.50f, 0.40f,    // gratification
        -0.30f, 0.10f, -0.60f,  // remorse
        0.40f, 0.20f, -0.30f,   // gratitude
        -0.51f, 0.59f, 0.25f,   // anger
        0.30f, 0.10f, 0.20f,    // love
        -0.60f, 0.60f, 0.30f,   // hate
        0.40f, 0.16f, -0.24f,   // liking
        -0.40f, 0.20f, 0.10f,   // disliking
    ];

    /// <summary>The PAD point of an emotion type.</summary>
    public static (float P, float A, float D) OccToPad(EmotionType type)
    {
        var i = (int)type * 3;
        return (Pad[i], Pad[i + 1], Pad[i + 2]);
    }
}
