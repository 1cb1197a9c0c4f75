namespace Sagebrush.Core.Storage.Objects;

public sealed partial class DiskObjectStore
{
    private const int MaxPartNumber = 10_000;

    public Task<MultipartUpload> CreateMultipartUploadAsync(string bucket, string key, ObjectWrite write, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(write);
        S3Names.ValidateKey(key);
        var upload = new MultipartUpload(bucket, key, BlobDirectory.NewId(), Now)
        {
            ChecksumAlgorithm = write.ChecksumAlgorithm ?? write.Check.Algorithm,
            Encryption = write.Encryption is { } asked ? _keys.Create(asked).Record : null,
        };
        _index.InsertUpload(new StoredUpload(upload, Copy(write.Headers, StringComparer.OrdinalIgnoreCase), Copy(write.Metadata, StringComparer.Ordinal))
        {
            Tags = write.Tags is { } tags ? ObjectTags.Validate(tags) : [],
        });
        return upload;
    });

    public Task<PartInfo> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream body, BodyCheck check, CancellationToken cancellationToken = default) =>
        UploadPartAsync(bucket, key, uploadId, partNumber, body, check, null, cancellationToken);

    /// <summary>A part of an encrypted upload is encrypted under the upload's data key; an SSE-C upload's parts must each carry its key.</summary>
    public async Task<PartInfo> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream body, BodyCheck check, Encryption.CustomerKey? customerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(check);
        if (partNumber is < 1 or > MaxPartNumber)
        {
            throw S3Errors.InvalidPartNumber(partNumber);
        }

        var upload = RequireUpload(bucket, key, uploadId);

        // Every part of an upload carries the upload's algorithm, so the composite checksum can be formed at the end.
        var algorithm = upload.Upload.ChecksumAlgorithm ?? check.Algorithm;
        if (upload.Upload.Encryption is { IsCustomerKey: true } && customerKey is null)
        {
            throw new Common.AwsException("InvalidRequest", "The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.");
        }

        var dataKey = DataKeyOf(upload.Upload.Encryption, customerKey);
        var (tempPath, digests) = await StageAsync(body, algorithm, check.Verify, cancellationToken, dataKey);
        var part = new PartInfo(partNumber, Md5Digest.ETag(digests.Md5), digests.Length, Now) { Checksum = digests.Checksum };

        PublishAndCommit(tempPath, blobId => _index.PutPart(uploadId, new StoredPart(part, blobId)) is { } replaced ? [replaced] : []);
        return part with { Encryption = upload.Upload.Encryption };
    }

    /// <summary>
    /// Completes an upload without copying: a part is written to <c>blobs/</c> under its final blob id when it is
    /// uploaded, so completing only moves references, in one index transaction, from the part rows to the object's
    /// blob list. The crash story has no step in between: before the commit the upload and its parts exist, after
    /// it the object does. A crash after the commit can leave the unchosen parts' and the replaced object's files
    /// behind; no row references them, so the next open deletes them.
    /// </summary>
    public Task<ObjectInfo> CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<CompletedPart> parts, string? expectedChecksum = null, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(parts);
        RequireBucket(bucket);
        if (_index.GetUpload(uploadId) is not { } upload || upload.Upload.Bucket != bucket || upload.Upload.Key != key)
        {
            // A retry of a Complete that already succeeded answers as the first did, as S3 does.
            return _index.CompletedObject(uploadId, bucket, key) ?? throw S3Errors.NoSuchUpload(uploadId);
        }

        var chosen = ChooseParts(uploadId, parts);

        var algorithm = upload.Upload.ChecksumAlgorithm;
        var info = new ObjectInfo(bucket, key, chosen.Sum(part => part.Info.Size), Md5Digest.MultipartETag([.. chosen.Select(part => part.Info.ETag)]), Now, upload.Headers, upload.Metadata)
        {
            ChecksumAlgorithm = algorithm,
            Checksum = algorithm is { } a ? CompositeChecksum(a, chosen) : null,
            ChecksumType = algorithm is null ? null : "COMPOSITE",
            PartsCount = chosen.Count,
            Encryption = upload.Upload.Encryption,
        };

        // The client's composite may come with or without its "-N" part count.
        if (expectedChecksum is not null && expectedChecksum != info.Checksum && expectedChecksum + "-" + chosen.Count != info.Checksum)
        {
            throw new Common.AwsException("BadDigest", $"The {algorithm?.ToString().ToUpperInvariant() ?? "checksum"} you specified for the multipart upload did not match the calculated checksum.");
        }

        var blobs = chosen.Select(part => new ObjectBlob(part.BlobId, part.Info.Size) { Checksum = algorithm is null ? null : part.Info.Checksum }).ToList();
        _files.Delete(_index.CompleteUpload(uploadId, new StoredObject(info, blobs) { Tags = upload.Tags }, chosen));
        return info;
    });

    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default) => Run(() =>
    {
        RequireUpload(bucket, key, uploadId);
        var blobs = _index.DeleteUpload(uploadId) ?? throw S3Errors.NoSuchUpload(uploadId);
        _files.Delete(blobs);
        return true;
    });

    public Task<PartListing> ListPartsAsync(string bucket, string key, string uploadId, int partNumberMarker, int maxParts, CancellationToken cancellationToken = default) => Run(() =>
    {
        var upload = RequireUpload(bucket, key, uploadId);
        var limit = Math.Clamp(maxParts, 0, MaxListEntries);
        var found = _index.ListParts(uploadId, partNumberMarker, limit + 1);
        var page = found.Take(limit).Select(part => part.Info).ToList();
        var next = page.Count > 0 ? page[^1].PartNumber : 0;
        return new PartListing(upload.Upload, page, found.Count > limit, next);
    });

    public Task<UploadListing> ListMultipartUploadsAsync(string bucket, ListUploadsQuery query, CancellationToken cancellationToken = default) => Run(() =>
    {
        ArgumentNullException.ThrowIfNull(query);
        RequireBucket(bucket);
        var page = PrefixListing.Collect(
            query.Prefix,
            query.Delimiter,
            PrefixListing.Start(query.Prefix, query.Delimiter, query.KeyMarker, query.KeyMarker is null ? null : query.UploadIdMarker),
            Math.Clamp(query.MaxUploads, 0, MaxListEntries),
            (position, limit) => _index.ScanUploads(bucket, position, limit),
            stored => stored.Upload.Key,
            stored => new ListPosition(System.Text.Encoding.UTF8.GetBytes(stored.Upload.Key), Inclusive: false, stored.Upload.UploadId));
        var uploads = page.Items.Select(stored => stored.Upload).ToList();
        return new UploadListing(
            uploads,
            page.CommonPrefixes,
            page.IsTruncated,
            page.IsTruncated ? page.LastEntry : null,
            page.IsTruncated && !page.LastEntryIsPrefix ? uploads[^1].UploadId : null);
    });

    private StoredUpload RequireUpload(string bucket, string key, string uploadId)
    {
        RequireBucket(bucket);
        var upload = _index.GetUpload(uploadId);
        if (upload is null || upload.Upload.Bucket != bucket || upload.Upload.Key != key)
        {
            throw S3Errors.NoSuchUpload(uploadId);
        }

        return upload;
    }

    /// <summary>Checks the client's part list as S3 does: order first (ascending; a number may repeat), then that each part exists as named, then sizes.</summary>
    private List<StoredPart> ChooseParts(string uploadId, IReadOnlyList<CompletedPart> requested)
    {
        if (requested.Count == 0)
        {
            throw S3Errors.NoPartsGiven();
        }

        for (var i = 1; i < requested.Count; i++)
        {
            if (requested[i].PartNumber < requested[i - 1].PartNumber)
            {
                throw S3Errors.InvalidPartOrder(uploadId);
            }
        }

        // A part number listed twice (a part uploaded again while the list was being made) counts once, as its last
        // entry names it: S3 completes such a list rather than refusing it.
        var listed = requested.Where((part, i) => i == requested.Count - 1 || requested[i + 1].PartNumber != part.PartNumber).ToList();
        var stored = _index.ListParts(uploadId, 0, MaxPartNumber).ToDictionary(part => part.Info.PartNumber);
        var chosen = new List<StoredPart>(listed.Count);
        foreach (var part in listed)
        {
            if (!stored.TryGetValue(part.PartNumber, out var found)
                || !string.Equals(found.Info.ETag, part.ETag.Trim('"'), StringComparison.OrdinalIgnoreCase))
            {
                throw S3Errors.InvalidPart(uploadId, part.PartNumber, part.ETag);
            }

            chosen.Add(found);
        }

        foreach (var part in chosen.Take(chosen.Count - 1))
        {
            if (part.Info.Size < S3Errors.MinimumPartSize)
            {
                throw S3Errors.EntityTooSmall(part.Info.PartNumber, part.Info.ETag, part.Info.Size);
            }
        }

        return chosen;
    }

    /// <summary>S3's composite checksum: the checksum of the parts' raw checksums, with the part count appended.</summary>
    private static string CompositeChecksum(ChecksumAlgorithm algorithm, List<StoredPart> parts)
    {
        using var calculator = new ChecksumCalculator(algorithm);
        foreach (var part in parts)
        {
            calculator.Append(Convert.FromBase64String(part.Info.Checksum ?? ""));
        }

        return $"{Convert.ToBase64String(calculator.GetHashAndReset())}-{parts.Count}";
    }
}
