namespace Sagebrush.Core.Storage.Objects;

/// <summary>
/// Where a listing scan resumes, as UTF-8 bytes so the bound can be any byte string (not only valid text):
/// rows whose key sorts after <see cref="Key"/> (or at it when <see cref="Inclusive"/>); for uploads, rows at that
/// key whose upload id sorts after <see cref="UploadIdAfter"/> too.
/// </summary>
internal sealed record ListPosition(byte[] Key, bool Inclusive, string? UploadIdAfter = null);
