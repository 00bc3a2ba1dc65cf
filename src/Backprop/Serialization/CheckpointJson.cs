using System.Text.Json.Serialization;
using Backprop.Training;

namespace Backprop.Serialization;

/// <summary>
/// The types <see cref="CheckpointFile"/> writes and reads with <see cref="System.Text.Json.JsonSerializer"/>, their
/// contracts generated at compile time: no reflection at run time, so a trimmed or Native AOT build of the tool reads
/// and writes checkpoints exactly as the JIT build does (same property names, order and number handling as the
/// reflection-based serializer this replaces: NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity").
/// </summary>
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ulong[]))]
[JsonSerializable(typeof(TrainingOptions))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<EpochReport>))]
internal sealed partial class CheckpointJson : JsonSerializerContext;
