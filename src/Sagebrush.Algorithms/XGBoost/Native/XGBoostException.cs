using System.Runtime.InteropServices;

namespace Sagebrush.Algorithms.XGBoost.Native;

/// <summary>A call into libxgboost failed; the message is XGBoost's own (XGBGetLastError).</summary>
internal sealed class XGBoostException(string message) : Exception(message)
{
    public static void Check(int status)
    {
        if (status != 0)
        {
            throw new XGBoostException(Marshal.PtrToStringUTF8(XGBoostApi.XGBGetLastError()) ?? "unknown XGBoost error");
        }
    }
}
