using System.Globalization;
using Sagebrush.Bench.S3;

// Usage: Sagebrush.Bench.S3 <put|get|multipart> <endpoint> <bucket> <key> <file> <repetitions>
// Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Prints one line per timed repetition:
// "<operation> <bytes> <seconds> <MB/s>", after one untimed 1 KiB round trip that warms the JIT and the connection.
if (args.Length != 6 || !int.TryParse(args[5], NumberStyles.None, CultureInfo.InvariantCulture, out var repetitions) || repetitions < 1)
{
    await Console.Error.WriteLineAsync("usage: Sagebrush.Bench.S3 <put|get|multipart> <endpoint> <bucket> <key> <file> <repetitions>");
    return 2;
}

var (operation, endpoint, bucket, key, file) = (args[0], args[1], args[2], args[3], args[4]);
using var bench = new S3Bench(endpoint, bucket);
await bench.WarmUpAsync();
for (var i = 0; i < repetitions; i++)
{
    var timing = operation switch
    {
        "put" => await bench.PutAsync(key, file),
        "get" => await bench.GetAsync(key, file),
        "multipart" => await bench.MultipartAsync(key, file),
        _ => throw new ArgumentException($"unknown operation '{operation}'", nameof(args)),
    };
    Console.WriteLine(timing.ToString());
}

return 0;
