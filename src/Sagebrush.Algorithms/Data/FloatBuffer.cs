namespace Sagebrush.Algorithms.Data;

/// <summary>A growable float array that doubles its capacity, for readers that do not know the row count up front.</summary>
internal sealed class FloatBuffer
{
    private float[] _items = new float[1024];

    public int Count { get; private set; }

    public void Add(float value)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = value;
    }

    public float[] ToArray() => _items.AsSpan(0, Count).ToArray();
}
