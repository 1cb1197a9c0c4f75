namespace Sagebrush.Core.Compute.Sandbox;

internal enum CgroupVersion
{
    None,
    V1,
    V2,
}
