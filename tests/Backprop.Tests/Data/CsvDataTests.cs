using Backprop.Data;

namespace Backprop.Tests.Data;

public sealed class CsvDataTests
{
    private static string Csv(string text)
    {
        var path = Path.Combine(TestData.TempFolder(), "data.csv");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void String_labels_become_classes_in_sorted_order()
    {
        var csv = CsvData.Load<double>(Csv("a,species,b\n1,virginica,2\n3,setosa,4\n5,versicolor,6\n7,setosa,8\n"), new CsvColumns(Label: "species"));
        Assert.Equal(["setosa", "versicolor", "virginica"], csv.Classes);
        Assert.Equal([2, 0, 1, 0], csv.Data.Labels!);
    }

    [Fact]
    public void Features_are_the_other_columns_in_file_order()
    {
        var csv = CsvData.Load<double>(Csv("a,species,b\n1,x,2\n3,y,4\n"), new CsvColumns(Label: "species"));
        Assert.Equal(["a", "b"], csv.Features);
        Assert.Equal([1.0, 2, 3, 4], csv.Data.Inputs);
    }

    [Fact]
    public void Integer_labels_are_sorted_by_value_not_as_text()
    {
        var csv = CsvData.Load<float>(Csv("x,digit\n0.5,10\n0.1,2\n0.2,1\n"), new CsvColumns(Label: "digit"));
        Assert.Equal(["1", "2", "10"], csv.Classes);
        Assert.Equal([2, 1, 0], csv.Data.Labels!);
    }

    [Fact]
    public void Given_classes_map_the_labels_of_a_test_file()
    {
        var csv = CsvData.Load<float>(Csv("x,c\n1,b\n2,a\n"), new CsvColumns(Label: "c", Classes: ["b", "a", "z"]));
        Assert.Equal([0, 1], csv.Data.Labels!);
    }

    [Fact]
    public void A_label_outside_the_given_classes_names_its_line_and_column()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvData.Load<float>(Csv("x,c\n1,a\n2,q\n"), new CsvColumns(Label: "c", Classes: ["a", "b"])));
        Assert.Contains("line 3, column 'c': 'q' is not one of the classes", e.Message);
    }

    [Fact]
    public void Regression_targets_are_read_in_the_order_given()
    {
        var csv = CsvData.Load<double>(Csv("x,y,u,v\n1,2,3,4\n5,6,7,8\n"), new CsvColumns(Targets: ["v", "u"]));
        Assert.Null(csv.Classes);
        Assert.Equal(["x", "y"], csv.Features);
        Assert.Equal(2, csv.Data.TargetSize);
        Assert.Equal([4.0, 3, 8, 7], csv.Data.TargetValues!);
    }

    [Fact]
    public void A_bad_value_names_the_line_and_the_column()
    {
        var path = Csv("x1,x2,label\n1,2,a\n3,oops,b\n");
        var e = Assert.Throws<DataFormatException>(() => CsvData.Load<float>(path, new CsvColumns(Label: "label")));
        Assert.Contains($"{path}: line 3, column 'x2': 'oops' is not a finite number", e.Message);
    }

    [Fact]
    public void A_missing_column_is_named_with_the_columns_there_are()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvData.Load<float>(Csv("x1,x2,label\n1,2,a\n"), new CsvColumns(Label: "species")));
        Assert.Contains("no column 'species' (the header has: x1, x2, label)", e.Message);
    }

    [Fact]
    public void A_short_row_names_its_line()
    {
        var e = Assert.Throws<DataFormatException>(() => CsvData.Load<float>(Csv("x1,x2,label\n1,2,a\n\n3,b\n"), new CsvColumns(Label: "label")));
        Assert.Contains("line 4 has 2 fields but the header has 3", e.Message);
    }

    [Fact]
    public void Quoted_fields_may_hold_commas_and_quotes()
    {
        var csv = CsvData.Load<float>(Csv("x,name\n1,\"Smith, \"\"J\"\"\"\n"), new CsvColumns(Label: "name"));
        Assert.Equal(["Smith, \"J\""], csv.Classes);
    }

    [Fact]
    public void Neither_a_label_nor_targets_is_an_argument_error() =>
        Assert.Throws<ArgumentException>(() => CsvData.Load<float>(Csv("x,y\n1,2\n"), new CsvColumns()));
}
