namespace Neuron.Runner.Languages;

/// <summary>
/// A language's warm start: <see cref="Command"/>, followed by the text of <see cref="Bootstrap"/> if any (a file in
/// <c>Languages/Warm/</c>), is a process that boots, says so on fd 3, then reads its job from fd 3 (see launcher.c).
/// Without <see cref="Compile"/> it is an interpreter and the job is the program to run; with it, it is a compiler
/// (its program is in the image) and the job is <see cref="Compile"/>, the compiler's arguments, <c>{file}</c> and
/// <c>{target}</c> as in <see cref="Language.Compile"/>. The language's own compile command stays the cold fallback.
/// A step waits up to <see cref="ReadyWaitMs"/> for a warm process still booting (the one of the container's last job
/// boots right after it), then runs cold; a wait is worth it only where booting is short against a cold start.
/// </summary>
public sealed record WarmStart(IReadOnlyList<string> Command, string? Bootstrap = null, IReadOnlyList<string>? Compile = null, int ReadyWaitMs = 1000);
