using Backprop.Data;
using Backprop.Serialization;

namespace Backprop.Tests.Data;

public sealed class StandardizationTests
{
    private static readonly DataSet<double> Data = new("hand", [1, 10, 3, 10, 5, 10], 2, labels: [0, 1, 0]);

    [Fact]
    public void Fit_measures_the_mean_and_population_deviation_of_each_feature()
    {
        // Feature 1: 1, 3, 5 → μ = 3, s = √((4 + 0 + 4)/3) = √(8/3). Feature 2 is constant: s = 1 by convention.
        var s = Standardization.Fit(Data);
        Assert.Equal([3.0, 10.0], s.Mean);
        Assert.Equal(Math.Sqrt(8.0 / 3), s.Std[0], 12);
        Assert.Equal(1.0, s.Std[1]);
    }

    [Fact]
    public void Standardised_features_have_mean_zero_and_constant_features_become_zero()
    {
        var x = Standardization.Fit(Data).Apply(Data).Inputs;
        Assert.Equal(0.0, x[0] + x[2] + x[4], 12);
        Assert.Equal([0.0, 0.0, 0.0], [x[1], x[3], x[5]]);
    }

    [Fact]
    public void Standardisation_and_class_names_round_trip_through_the_model_file()
    {
        var path = Path.Combine(TestData.TempFolder(), "m.json");
        var network = Network<double>.Create([2, 3], "sigmoid", cost: "nll");
        var metadata = new ModelMetadata(["setosa", "versicolor", "virginica"], new Standardization([5.8433, 3.0573], [0.8253, 0.4344]));
        ModelFile.Save(network, path, metadata);
        ModelFile.Load<double>(path, out var read);
        Assert.Equal(metadata.Classes, read.Classes);
        Assert.Equal(metadata.Standardization!.Mean, read.Standardization!.Mean);
        Assert.Equal(metadata.Standardization.Std, read.Standardization.Std);
    }

    [Fact]
    public void A_model_file_without_metadata_reads_as_before()
    {
        var path = Path.Combine(TestData.TempFolder(), "plain.json");
        ModelFile.Save(Network<double>.Create([2, 3]), path);
        ModelFile.Load<double>(path, out var read);
        Assert.True(read.IsEmpty);
        Assert.DoesNotContain("classes", File.ReadAllText(path));
    }

    [Fact]
    public void A_standardisation_of_the_wrong_width_is_a_model_format_error()
    {
        var path = Path.Combine(TestData.TempFolder(), "bad.json");
        File.WriteAllText(path, """{ "standardization": { "mean": [0], "std": [1] }, "layers": [ { "activation": "sigmoid", "weights": [[1, 2]], "biases": [0] } ] }""");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<double>(path, out _));
        Assert.Contains("standardization has 1 features but layer 1 takes 2 inputs", e.Message);
    }
}
