using System.Text;
using Sagebrush.Core.Storage.Objects;

namespace Sagebrush.Core.Tests.Storage.Objects;

public sealed class ChecksumCalculatorTests
{
    private static readonly byte[] CheckInput = Encoding.ASCII.GetBytes("123456789");

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "CBF43926")]
    [InlineData(ChecksumAlgorithm.Crc32C, "E3069283")]
    [InlineData(ChecksumAlgorithm.Sha1, "F7C3BC1D808E04732ADF679965CCC34CA7AE3441")]
    [InlineData(ChecksumAlgorithm.Sha256, "15E2B0D3C33891EBB0F1EF609EC419420C20E320CE94C65FBC8C3312448EB225")]
    public void ChecksumsMatchTheStandardCheckValues(ChecksumAlgorithm algorithm, string expectedHex)
    {
        Assert.Equal(expectedHex, Convert.ToHexString(ChecksumCalculator.Compute(algorithm, CheckInput)));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(expectedHex)), ChecksumCalculator.ComputeBase64(algorithm, CheckInput));
    }

    [Fact]
    public void Crc32OfTheCheckInputIsWhatS3SendsInItsHeader() =>
        Assert.Equal("y/Q5Jg==", ChecksumCalculator.ComputeBase64(ChecksumAlgorithm.Crc32, CheckInput));

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32)]
    [InlineData(ChecksumAlgorithm.Crc32C)]
    [InlineData(ChecksumAlgorithm.Sha1)]
    [InlineData(ChecksumAlgorithm.Sha256)]
    public void AppendingInUnevenChunksGivesTheOneShotValue(ChecksumAlgorithm algorithm)
    {
        var data = new byte[10_007];
        new Random(42).NextBytes(data);
        using var calculator = new ChecksumCalculator(algorithm);
        var offset = 0;
        foreach (var size in new[] { 1, 7, 8, 9, 3000, 13 })
        {
            calculator.Append(data.AsSpan(offset, size));
            offset += size;
        }

        calculator.Append(data.AsSpan(offset));
        Assert.Equal(ChecksumCalculator.Compute(algorithm, data), calculator.GetHashAndReset());
    }

    [Fact]
    public void ACalculatorStartsOverAfterGivingItsValue()
    {
        using var calculator = new ChecksumCalculator(ChecksumAlgorithm.Crc32C);
        calculator.Append(Encoding.ASCII.GetBytes("noise"));
        _ = calculator.GetHashAndReset();
        calculator.Append(CheckInput);
        Assert.Equal("E3069283", Convert.ToHexString(calculator.GetHashAndReset()));
    }
}
