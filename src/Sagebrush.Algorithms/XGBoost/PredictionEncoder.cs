using System.Text;
using Sagebrush.Algorithms.Common;
using Sagebrush.Algorithms.Data;

namespace Sagebrush.Algorithms.XGBoost;

/// <summary>
/// Predictions written as the XGBoost container writes them: text/csv is the scores joined by commas on one line
/// (one per line, newline-terminated, under batch transform's SAGEMAKER_BATCH), application/json is
/// <c>{"predictions": [{"score": 0.43}, ...]}</c>, application/jsonlines one <c>{"score": 0.43}</c> per line. Numbers
/// are Python's repr of the float32 score, as numpy's tolist() gives them. With several outputs per row
/// (multi:softprob) a score is the row's list of probabilities; in CSV each row is a line of comma-joined values.
/// </summary>
internal static class PredictionEncoder
{
    public static byte[] Encode(float[] predictions, int perRow, string accept, bool batch)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var rows = perRow <= 0 ? 0 : predictions.Length / perRow;
        var text = new StringBuilder(predictions.Length * 20 + 32);
        switch (accept)
        {
            case MediaType.Json:
                text.Append("{\"predictions\": [");
                for (var row = 0; row < rows; row++)
                {
                    text.Append(row == 0 ? "{\"score\": " : ", {\"score\": ");
                    AppendScore(text, predictions, row, perRow);
                    text.Append('}');
                }

                text.Append("]}");
                break;
            case MediaType.JsonLines:
                for (var row = 0; row < rows; row++)
                {
                    text.Append("{\"score\": ");
                    AppendScore(text, predictions, row, perRow);
                    text.Append("}\n");
                }

                break;
            default:
                var rowSeparator = batch || perRow > 1 ? '\n' : ',';
                for (var row = 0; row < rows; row++)
                {
                    if (row > 0)
                    {
                        text.Append(rowSeparator);
                    }

                    for (var column = 0; column < perRow; column++)
                    {
                        if (column > 0)
                        {
                            text.Append(',');
                        }

                        text.Append(PythonFloat.Repr(predictions[(row * perRow) + column]));
                    }
                }

                if (batch && rows > 0)
                {
                    text.Append('\n');
                }

                break;
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendScore(StringBuilder text, float[] predictions, int row, int perRow)
    {
        if (perRow == 1)
        {
            text.Append(PythonFloat.Json(predictions[row]));
            return;
        }

        text.Append('[');
        for (var column = 0; column < perRow; column++)
        {
            text.Append(column == 0 ? "" : ", ").Append(PythonFloat.Json(predictions[(row * perRow) + column]));
        }

        text.Append(']');
    }
}
