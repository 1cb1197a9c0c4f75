using System.Globalization;
using System.Runtime.CompilerServices;

namespace Sagebrush.Algorithms.Data;

/// <summary>
/// A fast path for the numbers data files are full of (<c>-0.647906</c>, <c>1.5e-3</c>), with the same result as
/// <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?, out float)"/> to the bit: the
/// decimal's digits become an integer w and a power of ten p, and w / 10^-p (or w * 10^p) is one IEEE double
/// operation on exact operands (w &lt; 2^53, |p| &lt;= 22), so it is the correctly rounded double; rounding that double
/// to float is then correct unless it lies exactly halfway between two floats, which is left to the framework, as is
/// every other spelling (spaces, quotes, NaN, Infinity, more digits, larger exponents). About ten times faster than
/// the framework's general parser, which is what makes CSV parsing cheap next to training.
/// </summary>
internal static class Utf8Float
{
    private const ulong MaxExactInteger = 1UL << 53;

    // Past this the next digit could overflow the ulong; far past 2^53 anyway.
    private const ulong MaxDigitsValue = 100_000_000_000_000_000UL;

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <summary>
    /// Parses <c>[+-]digits[.digits][(e|E)[+-]digits]</c> at the start of <paramref name="text"/>; false when the
    /// number is spelt otherwise or is not exact on this path (the caller then uses the framework's parser).
    /// <paramref name="length"/> is how many bytes the number took.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: a dataset is parsed once per process
    public static bool TryParseSimple(ReadOnlySpan<byte> text, out float value, out int length)
    {
        value = 0;
        length = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
        {
            negative = text[i] == (byte)'-';
            i++;
        }

        ulong mantissa = 0;
        var exponent = 0;
        var digits = 0;
        for (; i < text.Length && IsDigit(text[i]); i++, digits++)
        {
            if (mantissa >= MaxDigitsValue)
            {
                return false;
            }

            mantissa = (mantissa * 10) + (uint)(text[i] - '0');
        }

        if (i < text.Length && text[i] == (byte)'.')
        {
            i++;
            for (; i < text.Length && IsDigit(text[i]); i++, digits++)
            {
                if (mantissa >= MaxDigitsValue)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (uint)(text[i] - '0');
                exponent--;
            }
        }

        if (digits == 0 || mantissa >= MaxExactInteger)
        {
            return false;
        }

        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                exponentNegative = text[i] == (byte)'-';
                i++;
            }

            var start = i;
            var written = 0;
            for (; i < text.Length && IsDigit(text[i]); i++)
            {
                if (i - start >= 4)
                {
                    return false;
                }

                written = (written * 10) + (text[i] - '0');
            }

            if (i == start)
            {
                return false;
            }

            exponent += exponentNegative ? -written : written;
        }

        length = i;
        if (mantissa == 0)
        {
            value = negative ? -0f : 0f;
            return true;
        }

        if (exponent is < -22 or > 22)
        {
            return false;
        }

        var exact = exponent < 0 ? mantissa / PowersOfTen[-exponent] : mantissa * PowersOfTen[exponent];
        if (!IsSafeToNarrow(exact))
        {
            return false;
        }

        value = negative ? -(float)exact : (float)exact;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    // A normal float's 24 bits are the double's top 24 (of 53): the narrowing is a second rounding, wrong only when the
    // 29 bits it drops are exactly one half (a tie the exact decimal may not have). Outside the normal float range
    // (subnormals, overflow) the framework decides.
    private static bool IsSafeToNarrow(double exact) =>
        exact is >= 1.1754943508222875e-38 and <= 3.4028234663852886e38
        && (BitConverter.DoubleToUInt64Bits(exact) & 0x1FFF_FFFFUL) != 0x1000_0000UL;
}
