public class BenchProgram { public static void Main() {} }
