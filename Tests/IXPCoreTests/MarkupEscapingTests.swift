import IXPCore
import Testing

@Suite struct MarkupEscapingTests {
    @Test func theFiveMarkupCharactersBecomeEntities() {
        #expect(MarkupEscaping.escape("<script>alert('x')</script> Evil & \"Co\"")
            == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Evil &amp; &quot;Co&quot;")
        #expect(MarkupEscaping.escape("&amp;") == "&amp;amp;")  // escaping twice shows the first escape
        #expect(MarkupEscaping.escape("") == "")
    }

    @Test func otherTextIsKeptAsItIs() {
        #expect(MarkupEscaping.escape("AS64500 Exämple IX — 東京 🚀") == "AS64500 Exämple IX — 東京 🚀")
        #expect(MarkupEscaping.escape("a\tb\nc") == "a\tb\nc")
    }

    @Test func controlCharactersBecomeSpaces() {
        #expect(MarkupEscaping.escape("a\u{0}b\u{1B}[31mc\r\nd\u{1F}") == "a b [31mc \nd ")
        #expect(MarkupEscaping.escape("\u{7F}") == "\u{7F}")  // DEL is allowed in XML 1.0 and kept
    }

    @Test func aCombiningMarkCannotHideAMarkupCharacter() {
        #expect(MarkupEscaping.escape("<\u{338}b>") == "&lt;\u{338}b&gt;")
        #expect(MarkupEscaping.escape("&\u{301}") == "&amp;\u{301}")
    }
}
