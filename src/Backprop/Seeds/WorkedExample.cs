namespace Backprop.Seeds;

/// <summary>
/// One worked problem of the course documents, answered live by the library, beside the answer the document prints
/// (or, where it prints none, an independent derivation: the document's formula, a finite difference, a second network).
/// </summary>
/// <param name="Source">Where the problem is, e.g. <c>seed 000, problem 2.1</c>.</param>
/// <param name="Question">The question in one line.</param>
/// <param name="Answer">Our answer, computed by the library, as text (full precision, invariant culture).</param>
/// <param name="ReferenceKind">What <paramref name="Reference"/> is: <c>printed</c> (the document's own answer) or a derivation's name; null for none.</param>
/// <param name="Reference">The reference answer as text, or null.</param>
/// <param name="Agrees">Whether answer and reference agree (to the printed digits for a printed answer); null without a reference.</param>
/// <param name="Note">A remark (orientation, rounding, what was assumed), or null.</param>
public sealed record WorkedExample(string Source, string Question, string Answer, string? ReferenceKind, string? Reference, bool? Agrees, string? Note = null);
