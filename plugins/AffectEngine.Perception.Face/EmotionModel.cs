using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AffectEngine.Perception.Face;

/// <summary>
/// The FER-7 class order of the mini-Xception model as human's <c>src/gear/emotion.ts</c> annotates a
/// grayscale (one-channel) emotion model: FER2013's order (Goodfellow et al. 2013). PAD points are
/// ALMA's (Gebhard 2005) through the nearest OCC type, the same values as the perception plugin's
/// tables (a test keeps them equal); fusion maps the categories to PAD itself.
/// </summary>
public static class FaceLabels
{
    /// <summary>FER-7: angry, disgust, fear, happy, sad, surprise, neutral.</summary>
    public static LabelTable Fer7 { get; } = new(
        "fer7",
        new LabelMapping("angry", EmotionCategory.Anger, new Pad(-0.51f, 0.59f, 0.25f)),
        new LabelMapping("disgust", EmotionCategory.Disgust, new Pad(-0.40f, 0.20f, 0.10f)),
        new LabelMapping("fear", EmotionCategory.Fear, new Pad(-0.64f, 0.60f, -0.43f)),
        new LabelMapping("happy", EmotionCategory.Happiness, new Pad(0.40f, 0.20f, 0.10f)),
        new LabelMapping("sad", EmotionCategory.Sadness, new Pad(-0.40f, -0.20f, -0.50f)),
        new LabelMapping("surprise", EmotionCategory.Surprise, new Pad(0f, 0.60f, 0f)),
        new LabelMapping("neutral", EmotionCategory.Neutral, new Pad(0f, 0f, 0f)));
}

/// <summary>
/// The converted emotion CNN on ONNX Runtime (CPU, one intra-op thread so several sources share the
/// machine and results do not depend on thread scheduling). Input: 64×64 grayscale in [-1, 1], NHWC;
/// output: 7 softmax probabilities in <see cref="FaceLabels.Fer7"/> order. Not thread-safe per call
/// site: one instance per source.
/// </summary>
internal sealed class EmotionModel : IDisposable
{
    /// <summary>The model's input side in pixels.</summary>
    public const int InputSize = 64;

    /// <summary>Number of classes.</summary>
    public const int Classes = 7;

    private readonly InferenceSession _session;
    private readonly string _inputName;
    private readonly float[] _input = new float[InputSize * InputSize];
    private readonly DenseTensor<float> _tensor;

    public EmotionModel(string onnxPath)
    {
        _session = OpenSession(onnxPath);
        _inputName = new List<string>(_session.InputMetadata.Keys)[0];
        _tensor = new DenseTensor<float>(_input, new[] { 1, InputSize, InputSize, 1 });
    }

    /// <summary>The buffer to fill with the preprocessed face before <see cref="Run"/>.</summary>
    public Span<float> Input => _input;

    /// <summary>Runs the model on <see cref="Input"/> and writes the class probabilities.</summary>
    public void Run(Span<float> probabilities)
    {
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor(_inputName, _tensor) });
        var output = results[0].AsEnumerable<float>();
        var i = 0;
        foreach (var v in output)
        {
            if (i < probabilities.Length)
            {
                probabilities[i] = v;
            }

            i++;
        }

        if (i != Classes)
        {
            throw new InvalidOperationException($"The emotion model returned {i} values; {Classes} were expected.");
        }
    }

    /// <summary>Runs the model on a whole batch (N×64×64 values), for the conversion check.</summary>
    public float[] RunBatch(float[] inputs, int count)
    {
        var tensor = new DenseTensor<float>(inputs, new[] { count, InputSize, InputSize, 1 });
        using var results = _session.Run(new[] { NamedOnnxValue.CreateFromTensor(_inputName, tensor) });
        return System.Linq.Enumerable.ToArray(results[0].AsEnumerable<float>());
    }

    public void Dispose() => _session.Dispose();

    /// <summary>
    /// A CPU session on one intra-op and one inter-op thread, run sequentially: several sources share
    /// the machine, and results must not depend on thread scheduling. Used by every vision model here.
    /// </summary>
    internal static InferenceSession OpenSession(string onnxPath)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(onnxPath, options);
    }
}
