using System.Text;

namespace Sagebrush.Core.Tests.Storage.Objects;

/// <summary>Orders strings by their UTF-8 bytes, S3's listing order.</summary>
public sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y) =>
        Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y ?? ""));
}
