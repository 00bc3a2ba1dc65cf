using Backprop.Activations;
using Backprop.Randomness;
using Backprop.Serialization;
using Backprop.Training;

namespace Backprop.Tests.Serialization;

public class ModelFileTests
{
    private static string Json(string folder, string text)
    {
        var path = Path.Combine(folder, "model.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Saved_float_network_loads_back_bit_identical()
    {
        var net = Network<float>.Create([5, 4, 3], "tanh", cost: "nll");
        WeightInitializer.Initialize(net, WeightInit.Nielsen, new Rng(3));
        var path = Path.Combine(TestData.TempFolder(), "m.json");
        ModelFile.Save(net, path);
        var back = ModelFile.Load<float>(path);
        Assert.Equal(net.ToString(), back.ToString());
        for (int l = 1; l <= 2; l++)
        {
            Assert.Equal(net.Layer(l).Weights, back.Layer(l).Weights);
            Assert.Equal(net.Layer(l).Biases, back.Layer(l).Biases);
        }
    }

    [Fact]
    public void Hand_written_model_with_an_activation_only_layer_loads()
    {
        var path = Json(TestData.TempFolder(), """
            { "cost": "nll", "layers": [
                { "activation": "relu", "weights": [[1, 0], [0, 1], [-1, 0]], "biases": [-1, -1, -1] },
                { "activation": "softmax" } ] }
            """);
        var net = ModelFile.Load<double>(path);
        Assert.Equal(2, net.InputSize);
        Assert.Equal(2, net.LayerCount);
        Assert.False(net.Layer(2).HasWeights);
        Assert.Equal(-1.0, net.Layer(1).Weight(2, 0)); // w_jk: row j = 3rd unit, column k = 1st input
    }

    [Fact]
    public void Weights_rows_and_biases_of_different_lengths_throw_naming_the_layer()
    {
        var path = Json(TestData.TempFolder(), """{ "layers": [ { "activation": "sigmoid", "weights": [[1, 2]], "biases": [0, 0] } ] }""");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<double>(path));
        Assert.Contains("layer 1", e.Message);
        Assert.Contains("1 rows", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Layer_whose_columns_differ_from_the_previous_layers_units_throws()
    {
        var path = Json(TestData.TempFolder(), """
            { "layers": [ { "activation": "relu", "weights": [[1, 2], [3, 4]], "biases": [0, 0] },
                          { "activation": "relu", "weights": [[1, 2, 3]], "biases": [0] } ] }
            """);
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<double>(path));
        Assert.Contains("layer 2", e.Message);
    }

    [Fact]
    public void Unknown_activation_throws_naming_the_layer_and_the_name()
    {
        var path = Json(TestData.TempFolder(), """{ "layers": [ { "activation": "gelu", "weights": [[1]], "biases": [0] } ] }""");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<double>(path));
        Assert.Contains("layer 1", e.Message);
        Assert.Contains("gelu", e.Message);
    }

    [Fact]
    public void Truncated_json_throws_a_model_format_exception()
    {
        var path = Json(TestData.TempFolder(), """{"layers": [ {"weights": [[1, 2]], "biases": [0, 0], "activation": "sigmoid"} ]""");
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<double>(path));
        Assert.Contains("not valid JSON", e.Message);
    }

    [Fact]
    public void Missing_model_file_throws_naming_it()
    {
        var e = Assert.Throws<ModelFormatException>(() => ModelFile.Load<double>("/nonexistent/m.json"));
        Assert.Contains("/nonexistent/m.json", e.Message);
    }

    [Fact]
    public void A_failed_save_leaves_the_existing_model_file_intact()
    {
        var folder = TestData.TempFolder();
        var path = Path.Combine(folder, "m.json");
        File.WriteAllText(path, "precious");
        var custom = new CustomActivation<double>("cube", z => z * z * z, z => 3 * z * z);
        var net = new Network<double>(1, [Backprop.Layers.Layer<double>.Dense(1, 1, custom)], Backprop.Costs.Cost.Create<double>("quadratic"));
        Assert.Throws<ModelFormatException>(() => ModelFile.Save(net, path));
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder)); // no temporary file left behind
    }

    [Fact]
    public void An_exception_while_writing_leaves_the_existing_file_intact()
    {
        var folder = TestData.TempFolder();
        var path = Path.Combine(folder, "m.json");
        File.WriteAllText(path, "precious");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, s => { s.WriteByte(1); throw new IOException("disk full"); }));
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(folder));
    }
}
