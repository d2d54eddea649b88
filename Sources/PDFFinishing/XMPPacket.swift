import Foundation

/// The XMP metadata packet of a finished fiche: the document information (consistent with
/// the Info dictionary, as PDF/A requires) and the PDF/A-3b and PDF/UA-1 identifications.
struct XMPPacket {
    var title: String
    var author: String?
    var subject: String?
    var keywords: String?
    var creatorTool: String?
    var producer: String?
    /// ISO 8601, e.g. "2025-01-01T00:00:00Z".
    var createDate: String?
    var modifyDate: String?
    var language: String
    /// The licence (`dc:rights`).
    var rights: String?

    /// The packet as UTF-8 XML.
    var xml: String {
        var description: [String] = []
        description.append("<dc:format>application/pdf</dc:format>")
        description.append("<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(title))</rdf:li></rdf:Alt></dc:title>")
        if let author { description.append("<dc:creator><rdf:Seq><rdf:li>\(escape(author))</rdf:li></rdf:Seq></dc:creator>") }
        if let subject {
            description.append("<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(subject))</rdf:li></rdf:Alt></dc:description>")
        }
        if let rights {
            description.append("<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">\(escape(rights))</rdf:li></rdf:Alt></dc:rights>")
        }
        description.append("<dc:language><rdf:Bag><rdf:li>\(escape(language))</rdf:li></rdf:Bag></dc:language>")
        if let keywords { description.append("<pdf:Keywords>\(escape(keywords))</pdf:Keywords>") }
        if let producer { description.append("<pdf:Producer>\(escape(producer))</pdf:Producer>") }
        if let creatorTool { description.append("<xmp:CreatorTool>\(escape(creatorTool))</xmp:CreatorTool>") }
        if let createDate { description.append("<xmp:CreateDate>\(createDate)</xmp:CreateDate>") }
        if let modifyDate { description.append("<xmp:ModifyDate>\(modifyDate)</xmp:ModifyDate>") }
        description.append("<pdfaid:part>3</pdfaid:part>")
        description.append("<pdfaid:conformance>B</pdfaid:conformance>")
        description.append("<pdfuaid:part>1</pdfuaid:part>")
        return """
        <?xpacket begin="\u{FEFF}" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" \
        xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" \
        xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
        \(description.joined(separator: "\n"))
        </rdf:Description>
        \(Self.pdfUAExtensionSchema)
        </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """
    }

    /// PDF/A accepts only its predefined schemas unless the others are described: this
    /// declares the PDF/UA identification schema (ISO 14289-1, annex A).
    static let pdfUAExtensionSchema = """
    <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
    <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:schema>PDF/UA identification schema</pdfaSchema:schema>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
    <pdfaProperty:category>internal</pdfaProperty:category>
    <pdfaProperty:description>PDF/UA version identifier</pdfaProperty:description>
    <pdfaProperty:name>part</pdfaProperty:name>
    <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
    </rdf:li></rdf:Seq></pdfaSchema:property>
    </rdf:li></rdf:Bag></pdfaExtension:schemas>
    </rdf:Description>
    """

    private func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A PDF date ("D:20250101000000Z" or cairo 1.16's "20250101000000Z") in ISO 8601.
    static func isoDate(fromPDF date: String) -> String? {
        let digits = Array(date.hasPrefix("D:") ? date.dropFirst(2) : Substring(date))
        guard digits.count >= 14, digits.prefix(14).allSatisfy(\.isNumber) else { return nil }
        let s = String(digits)
        func part(_ from: Int, _ length: Int) -> Substring {
            s.dropFirst(from).prefix(length)
        }
        return "\(part(0, 4))-\(part(4, 2))-\(part(6, 2))T\(part(8, 2)):\(part(10, 2)):\(part(12, 2))Z"
    }
}
