/// Go's `fmt.Sprint`, `fmt.Sprintln` and `fmt.Sprintf` over template values: the `print`,
/// `println` and `printf` builtins and how `{{.}}` prints.
///
/// Supported verbs are Go's: `%v %+v %#v %T %t %d %b %o %O %x %X %c %q %U %e %E %f %F %g %G %s
/// %%`, with flags `+ - # 0 space`, widths, precisions, `*` and `[n]` argument indexes. Mistakes
/// print as Go prints them: `%!d(string=foo)`, `%!s(MISSING)`, `%!(EXTRA int=1)`.
public enum GoFormatter {
    /// `fmt.Sprint`: operands printed with `%v`, with a space between two operands when neither
    /// is a string.
    public static func sprint(_ args: [TemplateValue]) -> String {
        var printer = GoPrinter()
        var previousIsString = false
        for (index, arg) in args.enumerated() {
            let isString: Bool
            if case .string = arg { isString = true } else { isString = false }
            if index > 0 && !isString && !previousIsString { printer.buf += " " }
            printer.printArg(arg, verb: "v")
            previousIsString = isString
        }
        return printer.buf
    }

    /// `fmt.Sprintln`: operands printed with `%v`, always separated by spaces, then a newline.
    public static func sprintln(_ args: [TemplateValue]) -> String {
        var printer = GoPrinter()
        for (index, arg) in args.enumerated() {
            if index > 0 { printer.buf += " " }
            printer.printArg(arg, verb: "v")
        }
        printer.buf += "\n"
        return printer.buf
    }

    /// `fmt.Sprintf`.
    public static func sprintf(_ format: String, _ args: [TemplateValue]) -> String {
        var printer = GoPrinter()
        printer.doPrintf(Array(format.utf8), args)
        return printer.buf
    }
}
