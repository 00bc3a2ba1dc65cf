namespace Backprop.Seeds;

/// <summary>
/// Where the hidden outputs of a 2-input ReLU layer sum to a level c, Σ_j f(z_j) = c (000 problem 4.4), with the class the
/// network predicts on each side.
/// </summary>
/// <param name="Level">c.</param>
/// <param name="IsRegion">True when the set has an inside (c = 0: every z_j ≤ 0); false when it is a piecewise linear curve.</param>
/// <param name="Corners">The vertices (x_1, x_2), in order around the origin.</param>
/// <param name="InsideClass">The class (0-based output index) predicted just inside (closer to the origin); −1 if the edges disagree.</param>
/// <param name="OutsideClass">The class predicted just outside; −1 if the edges disagree.</param>
public sealed record RegionBoundary(double Level, bool IsRegion, IReadOnlyList<(double X1, double X2)> Corners, int InsideClass, int OutsideClass);
