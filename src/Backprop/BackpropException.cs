namespace Backprop;

/// <summary>Base of every exception the library throws for bad input; its message says what is wrong and where.</summary>
public class BackpropException : Exception
{
    /// <summary>Creates the exception with a message that names the file, layer or row and the problem.</summary>
    public BackpropException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public BackpropException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Thrown when the shapes of a network and its data, or of a layer and its parameters, do not fit.</summary>
public sealed class ShapeMismatchException(string message) : BackpropException(message);

/// <summary>Thrown when a data file (IDX, CSV) is truncated, malformed, or holds values the network cannot use (NaN, a label out of range).</summary>
public sealed class DataFormatException : BackpropException
{
    /// <summary>Creates the exception.</summary>
    public DataFormatException(string message) : base(message) { }
    /// <summary>Creates the exception with its cause.</summary>
    public DataFormatException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Thrown when a model file (JSON, safetensors, checkpoint) is truncated, malformed or inconsistent.</summary>
public sealed class ModelFormatException : BackpropException
{
    /// <summary>Creates the exception.</summary>
    public ModelFormatException(string message) : base(message) { }
    /// <summary>Creates the exception with its cause.</summary>
    public ModelFormatException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Thrown when an activation, cost or other component is asked for by a name the library does not know.</summary>
public sealed class UnknownNameException(string message) : BackpropException(message);
