using DynamoMcp.PackageDocs.Registry;
using DynamoMcp.PackageDocs.Versions;

namespace DynamoMcp.PackageDocs.Requirements;

/// <summary>
/// A PEP 508 environment marker (<c>python_version &lt; "3.9" and sys_platform == "win32"</c>), evaluated in three values:
/// true, false, or null when it depends on something the environment does not know.
/// </summary>
public sealed class Pep508Marker
{
    private readonly Node root;

    private Pep508Marker(string text, Node root)
    {
        Text = text;
        this.root = root;
    }

    public string Text { get; }

    public static Pep508Marker Parse(string text)
    {
        var parser = new Parser(text);
        var node = parser.ParseOr();
        parser.ExpectEnd();
        return new Pep508Marker(text.Trim(), node);
    }

    public bool? Evaluate(MarkerEnvironment environment) => root.Evaluate(environment);

    /// <summary>Whether the marker mentions <c>extra</c> (the dependency belongs to an optional feature).</summary>
    public bool MentionsExtra => root.Mentions("extra");

    public override string ToString() => Text;

    private abstract record Node
    {
        public abstract bool? Evaluate(MarkerEnvironment env);
        public abstract bool Mentions(string variable);
    }

    private sealed record And(Node Left, Node Right) : Node
    {
        public override bool? Evaluate(MarkerEnvironment env)
        {
            var l = Left.Evaluate(env);
            if (l == false)
            {
                return false;
            }

            var r = Right.Evaluate(env);
            return r == false ? false : l == true && r == true ? true : null;
        }

        public override bool Mentions(string variable) => Left.Mentions(variable) || Right.Mentions(variable);
    }

    private sealed record Or(Node Left, Node Right) : Node
    {
        public override bool? Evaluate(MarkerEnvironment env)
        {
            var l = Left.Evaluate(env);
            if (l == true)
            {
                return true;
            }

            var r = Right.Evaluate(env);
            return r == true ? true : l == false && r == false ? false : null;
        }

        public override bool Mentions(string variable) => Left.Mentions(variable) || Right.Mentions(variable);
    }

    private sealed record Compare(Operand Left, string Op, Operand Right) : Node
    {
        public override bool? Evaluate(MarkerEnvironment env)
        {
            var l = Resolve(Left, env);
            var r = Resolve(Right, env);
            if (Left.Variable == "extra" || Right.Variable == "extra")
            {
                // "extra" holds the requested extras: extra == "argon2" is true only when argon2 was asked for.
                var wanted = Left.Variable == "extra" ? Right.Literal : Left.Literal;
                var present = wanted is not null && env.Extras.Contains(PackageNames.NormalizePyPi(wanted));
                return Op switch { "==" => present, "!=" => !present, _ => false };
            }

            if (l is null || r is null)
            {
                return null;
            }

            var isVersion = IsVersionVariable(Left.Variable) || IsVersionVariable(Right.Variable);
            switch (Op)
            {
                case "in":
                    return r.Contains(l, StringComparison.Ordinal);
                case "not in":
                    return !r.Contains(l, StringComparison.Ordinal);
            }

            if (isVersion && Pep440Version.TryParse(l, out var lv))
            {
                try
                {
                    return Pep440Specifier.Parse(Op + r).Contains(lv);
                }
                catch (FormatException)
                {
                    // Not a version on the right: fall back to comparing text, as pip does.
                }
            }

            var c = string.CompareOrdinal(l, r);
            return Op switch
            {
                "==" or "===" => c == 0,
                "!=" => c != 0,
                "<" => c < 0,
                "<=" => c <= 0,
                ">" => c > 0,
                ">=" => c >= 0,
                _ => null,
            };
        }

        public override bool Mentions(string variable) => Left.Variable == variable || Right.Variable == variable;

        private static string? Resolve(Operand o, MarkerEnvironment env) => o.Literal ?? env.Get(o.Variable!);

        private static bool IsVersionVariable(string? v) =>
            v is "python_version" or "python_full_version" or "implementation_version" or "platform_release";
    }

    private sealed record Operand(string? Variable, string? Literal);

    private sealed class Parser(string text)
    {
        private static readonly string[] Operators = ["===", "==", "!=", "<=", ">=", "~=", "<", ">", "not in", "in"];
        private int pos;

        public Node ParseOr()
        {
            var left = ParseAnd();
            while (TryKeyword("or"))
            {
                left = new Or(left, ParseAnd());
            }

            return left;
        }

        private Node ParseAnd()
        {
            var left = ParseAtom();
            while (TryKeyword("and"))
            {
                left = new And(left, ParseAtom());
            }

            return left;
        }

        private Node ParseAtom()
        {
            SkipSpace();
            if (pos < text.Length && text[pos] == '(')
            {
                pos++;
                var inner = ParseOr();
                SkipSpace();
                if (pos >= text.Length || text[pos] != ')')
                {
                    throw Error("a closing parenthesis");
                }

                pos++;
                return inner;
            }

            var left = ParseOperand();
            SkipSpace();
            var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, pos, o, 0, o.Length) == 0)
                ?? throw Error("a comparison operator");
            pos += op.Length;
            return new Compare(left, op, ParseOperand());
        }

        private Operand ParseOperand()
        {
            SkipSpace();
            if (pos < text.Length && text[pos] is '"' or '\'')
            {
                var quote = text[pos];
                var end = text.IndexOf(quote, pos + 1);
                if (end < 0)
                {
                    throw Error("a closing quote");
                }

                var literal = text[(pos + 1)..end];
                pos = end + 1;
                return new Operand(null, literal);
            }

            var start = pos;
            while (pos < text.Length && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '.'))
            {
                pos++;
            }

            if (pos == start)
            {
                throw Error("a marker variable or a quoted string");
            }

            return new Operand(text[start..pos], null);
        }

        private bool TryKeyword(string keyword)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, pos, keyword, 0, keyword.Length) == 0
                && (pos + keyword.Length == text.Length || !char.IsAsciiLetterOrDigit(text[pos + keyword.Length])))
            {
                pos += keyword.Length;
                return true;
            }

            return false;
        }

        public void ExpectEnd()
        {
            SkipSpace();
            if (pos != text.Length)
            {
                throw Error("the end of the marker");
            }
        }

        private void SkipSpace()
        {
            while (pos < text.Length && char.IsWhiteSpace(text[pos]))
            {
                pos++;
            }
        }

        private FormatException Error(string expected) =>
            new($"PEP 508 marker '{text.Trim()}': expected {expected} at position {pos}.");
    }
}
