// Command goldengen runs template cases through Go's text/template and writes
// their outputs and errors to a JSON file that GoTemplateTests compares with.
//
// Usage (from the package root):
//
//	go run Tests/GoTemplateTests/GoldenGenerator/main.go > Tests/GoTemplateTests/Fixtures/golden.json
//
// Data is JSON. Numbers written without '.', 'e' or 'E' that fit in int64
// become Go ints, all others float64; the Swift loader applies the same rule.
// Templates are parsed under the name "t" with builtins only.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"text/template"
)

type testCase struct {
	Name     string `json:"name"`
	Template string `json:"template"`
	Data     string `json:"data,omitempty"`
	Option   string `json:"option,omitempty"`
	Output   string `json:"output"`
	Error    string `json:"error,omitempty"`
}

// defaultData is used by cases that give no data of their own.
const defaultData = `{"a":1,"b":"two","f":1.5,"t":true,"z":0,"e":"","n":null,"l":[1,2,3],"sl":["x","y"],` +
	`"el":[],"m":{"b":2,"a":1,"C":3,"_":4},"em":{},"one":1,` +
	`"nested":{"inner":{"v":"deep"},"list":[{"k":1},{"k":2}],"nil":null},` +
	`"html":"<a href=\"x\">&'</a>","big":1000000.0,"small":0.0001,"neg":-2.5,"fl":[0.1,2.5,1e21],` +
	`"mixed":[1,"s",null,true,1.5,{"k":"v"},[1]],"u":"héllo ☃"}`

type spec struct {
	name, tmpl, data, option string
}

var cases = []spec{
	// Text, trim markers, comments.
	{name: "plain text", tmpl: "hello, world"},
	{name: "empty", tmpl: ""},
	{name: "trim both", tmpl: "a  {{- 1 -}}  b"},
	{name: "trim newlines", tmpl: "a\n\t{{- 1 -}}\n\n b"},
	{name: "trim left only", tmpl: "a   {{- 1}}   b"},
	{name: "trim right only", tmpl: "a   {{1 -}}   b"},
	{name: "minus without space is a number", tmpl: "x {{-3}} y"},
	{name: "trim string", tmpl: `{{- " x " -}}`},
	{name: "comment", tmpl: "a {{/* comment */}} b"},
	{name: "trimmed comment", tmpl: "a {{- /* comment */ -}} b"},
	{name: "multi-line comment", tmpl: "a{{/* one\ntwo */}}b"},
	{name: "comment then action", tmpl: "{{/* x */ 1}}"},
	{name: "unclosed comment", tmpl: "{{/* x"},
	{name: "trim whitespace-only text", tmpl: "{{1}}  \n  {{- 2}}"},

	// Literals.
	{name: "string literal escapes", tmpl: `{{"a\tb\u00e9\x41"}}`},
	{name: "raw string", tmpl: "{{`a\\nb`}}"},
	{name: "char constant", tmpl: `{{'a'}} {{'\n'}} {{'\u00e9'}}`},
	{name: "integers", tmpl: `{{1_000}} {{0x1F}} {{0o17}} {{017}} {{0b101}} {{-3}} {{+3}}`},
	{name: "floats", tmpl: `{{1.5}} {{1e3}} {{1e6}} {{.5}} {{0x1p4}} {{1e100}} {{2.50}}`},
	{name: "hex with E is int", tmpl: `{{0xE}} {{printf "%T" 0xE}}`},
	{name: "max int", tmpl: `{{9223372036854775807}}`},
	{name: "uint overflows int", tmpl: `{{18446744073709551615}}`},
	{name: "integer overflow", tmpl: `{{99999999999999999999}}`},
	{name: "leading zero decimal", tmpl: `{{08}}`},
	{name: "bad number", tmpl: `{{3-}}`},
	{name: "bad number letters", tmpl: `{{12ab}}`},
	{name: "booleans", tmpl: `{{true}} {{false}}`},
	{name: "nil is not a command", tmpl: `{{nil}}`},
	{name: "bad escape", tmpl: `{{"\q"}}`},
	{name: "malformed char", tmpl: `{{'ab'}}`},
	{name: "unterminated string", tmpl: `{{"abc}}`},
	{name: "unterminated raw string", tmpl: "{{`abc}}"},
	{name: "unterminated char", tmpl: `{{'a}}`},
	{name: "literal types", tmpl: `{{printf "%T %T %T %T %T" 1 1.0 "s" true 'x'}}`},

	// Fields and values.
	{name: "field", tmpl: `{{.a}} {{.b}} {{.f}} {{.t}}`},
	{name: "nested field", tmpl: `{{.nested.inner.v}}`},
	{name: "missing field", tmpl: `{{.missing}}`},
	{name: "missing nested field", tmpl: `{{.missing.x}}`},
	{name: "nil value", tmpl: `{{.n}}`},
	{name: "field of nil", tmpl: `{{.n.x}}`},
	{name: "field of nested nil", tmpl: `{{.nested.nil.x}}`},
	{name: "field of int in interface", tmpl: `{{.a.x}}`},
	{name: "field of int variable", tmpl: `{{$x := .a}}{{$x.y}}`},
	{name: "field of missing variable", tmpl: `{{$x := .missing}}{{$x.y}}`},
	{name: "field with args", tmpl: `{{.a 1}}`},
	{name: "dot map", tmpl: `{{.m}}`},
	{name: "dot list", tmpl: `{{.l}} {{.sl}} {{.el}} {{.em}}`},
	{name: "mixed list", tmpl: `{{.mixed}}`},
	{name: "nested value", tmpl: `{{.nested}}`},
	{name: "float formatting", tmpl: `{{.big}} {{.small}} {{.neg}} {{.fl}}`},
	{name: "float data", tmpl: `{{.x}} {{.y}} {{.z}}`, data: `{"x":123456789.5,"y":1e-7,"z":100000.0}`},
	{name: "negative zero", tmpl: `{{.x}}`, data: `{"x":-0.0}`},
	{name: "unicode", tmpl: `{{.u}}`},
	{name: "html text is not escaped", tmpl: `{{.html}}`},
	{name: "root data string", tmpl: `{{.}}`, data: `"just a string"`},
	{name: "root data null", tmpl: `{{.}} {{.x}}`, data: `null`},
	{name: "root data list", tmpl: `{{.}} {{index . 0}}`, data: `[3,4]`},
	{name: "root variable", tmpl: `{{$}}`, data: `[1]`},
	{name: "chain on pipeline", tmpl: `{{(.nested).inner.v}}`},
	{name: "chain on int", tmpl: `{{(1).a}}`},
	{name: "chain on nil pipeline", tmpl: `{{(nil).a}}`},
	{name: "dot after string", tmpl: `{{"x".a}}`},
	{name: "dot after nil", tmpl: `{{nil.a}}`},
	{name: "bad character", tmpl: `{{.a#}}`},
	{name: "unexpected char", tmpl: `{{@}}`},
	{name: "empty action", tmpl: `{{ }}`},
	{name: "lone pipe", tmpl: `{{|}}`},
	{name: "trailing pipe", tmpl: `{{1 |}}`},
	{name: "undefined function", tmpl: `{{nofunc 1}}`},
	{name: "unclosed action", tmpl: `{{`},
	{name: "unclosed action with field", tmpl: `{{.a`},
	{name: "unclosed paren", tmpl: `{{(1}}`},
	{name: "unexpected right paren", tmpl: `{{1)}}`},
	{name: "non-ASCII space", tmpl: "{{\u00a0}}"},
	{name: "unclosed action over lines", tmpl: "line one\n{{if true}}\n{{.a\n"},
	{name: "error on later line", tmpl: "one\ntwo {{.a}}\nthree {{.a.x}}"},
	{name: "error column in define", tmpl: "{{define \"x\"}}\n  {{.a.b}}{{end}}{{template \"x\" .}}"},

	// Pipelines and arguments.
	{name: "pipe into printf", tmpl: `{{.a | printf "%d!"}}`},
	{name: "pipe as last arg", tmpl: `{{"x" | printf "%s-%s" "y"}}`},
	{name: "non executable stage", tmpl: `{{1 | 2}}`},
	{name: "argument to non-function", tmpl: `{{$x := 1}}{{$x 2}}`},
	{name: "argument to constant", tmpl: `{{1 2}}`},
	{name: "pipe into constant pipeline", tmpl: `{{1 | (2)}}`},
	{name: "printf without args", tmpl: `{{printf}}`},
	{name: "printf int format", tmpl: `{{printf 1}}`},
	{name: "printf int field format", tmpl: `{{printf .a}}`},
	{name: "printf nil format", tmpl: `{{printf nil}}`},
	{name: "printf missing format", tmpl: `{{printf .missing}}`},
	{name: "printf null format", tmpl: `{{printf .n}}`},
	{name: "parenthesized", tmpl: `{{printf "%d-%d" (len .l) (index .l 0)}}`},

	// Variables.
	{name: "declare", tmpl: `{{$x := 1}}{{$x}}`},
	{name: "assign", tmpl: `{{$x := 1}}{{$x = 2}}{{$x}}`},
	{name: "assign in if", tmpl: `{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}`},
	{name: "shadow in if", tmpl: `{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}`},
	{name: "undefined variable", tmpl: `{{$x}}`},
	{name: "variable out of scope", tmpl: `{{if true}}{{$x := 1}}{{end}}{{$x}}`},
	{name: "assign undeclared", tmpl: `{{$x = 1}}`},
	{name: "dollar in with", tmpl: `{{with .nested}}{{$.b}} {{.inner.v}}{{end}}`},
	{name: "variable in range", tmpl: `{{$p := "-"}}{{range .sl}}{{$p}}{{.}}{{end}}`},
	{name: "too many declarations", tmpl: `{{if $x, $y := 1}}{{end}}`},
	{name: "range three variables", tmpl: `{{range $i, $e, $f := .l}}{{end}}`},
	{name: "range bad declaration", tmpl: `{{range $i, 1}}{{end}}`},
	{name: "variable from define not visible", tmpl: `{{$x := 1}}{{define "a"}}{{$x}}{{end}}`},

	// if / else.
	{name: "if true", tmpl: `{{if .t}}yes{{end}}`},
	{name: "if else", tmpl: `{{if .z}}yes{{else}}no{{end}}`},
	{name: "else if", tmpl: `{{if .z}}a{{else if .e}}b{{else if .a}}c{{else}}d{{end}}`},
	{name: "truthiness", tmpl: `{{range $k, $v := .}}{{$k}}={{if $v}}T{{else}}F{{end}} {{end}}`,
		data: `{"zero":0,"fzero":0.0,"one":1,"empty":"","str":"0","el":[],"l":[0],"em":{},"m":{"a":null},"null":null,"false":false,"true":true}`},
	{name: "if missing", tmpl: `{{if .missing}}yes{{else}}no{{end}}`},
	{name: "if with declaration", tmpl: `{{if $x := .a}}{{$x}}{{end}}`},
	{name: "double else", tmpl: `{{if 1}}a{{else}}b{{else}}c{{end}}`},
	{name: "if without pipeline", tmpl: `{{if}}{{end}}`},
	{name: "unexpected end", tmpl: `a{{end}}`},
	{name: "unexpected else", tmpl: `a{{else}}`},
	{name: "unclosed if", tmpl: `{{if true}}a`},
	{name: "if error context", tmpl: `{{if index .l 10}}{{end}}`},

	// and / or / not.
	{name: "and returns value", tmpl: `{{and 1 0 2}} {{and 1 2 3}} {{and "" 1}}`},
	{name: "or returns value", tmpl: `{{or 0 "" "x"}} {{or 0 ""}}|{{or .missing "default"}}`},
	{name: "and short-circuits", tmpl: `{{and 0 (index .l 10)}}`},
	{name: "or short-circuits", tmpl: `{{or 1 (index .l 10)}}`},
	{name: "and evaluates until false", tmpl: `{{and 1 (index .l 10)}}`},
	{name: "and without args", tmpl: `{{and}}`},
	{name: "and piped", tmpl: `{{0 | and 1}} {{1 | or 0}}`},
	{name: "not", tmpl: `{{not 0}} {{not .l}} {{not .el}} {{not .missing}}`},
	{name: "not arity", tmpl: `{{not 1 2}}`},
	{name: "if and", tmpl: `{{if and .a .b}}both{{end}}{{if or .z .e}}{{else}}neither{{end}}`},

	// with.
	{name: "with", tmpl: `{{with .nested.inner}}{{.v}}{{end}}`},
	{name: "with else", tmpl: `{{with .missing}}x{{else}}none{{end}}`},
	{name: "with variable", tmpl: `{{with $x := .b}}{{$x}}{{.}}{{end}}`},
	{name: "with empty list", tmpl: `{{with .el}}x{{else}}empty{{end}}`},

	// range.
	{name: "range list", tmpl: `{{range .l}}[{{.}}]{{end}}`},
	{name: "range map sorted", tmpl: `{{range .m}}{{.}}{{end}}`},
	{name: "range map keys", tmpl: `{{range $k, $v := .m}}{{$k}}={{$v}};{{end}}`},
	{name: "range index element", tmpl: `{{range $i, $e := .sl}}{{$i}}:{{$e}} {{end}}`},
	{name: "range one variable", tmpl: `{{range $e := .sl}}{{$e}}{{end}}`},
	{name: "range else empty", tmpl: `{{range .el}}x{{else}}empty{{end}}`},
	{name: "range else empty map", tmpl: `{{range .em}}x{{else}}empty{{end}}`},
	{name: "range else missing", tmpl: `{{range .missing}}x{{else}}none{{end}}`},
	{name: "range else null", tmpl: `{{range .n}}x{{else}}null{{end}}`},
	{name: "range string", tmpl: `{{range .b}}{{.}}{{end}}`},
	{name: "range float", tmpl: `{{range .f}}{{.}}{{end}}`},
	{name: "range break", tmpl: `{{range .l}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}`},
	{name: "range continue", tmpl: `{{range .l}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}`},
	{name: "break outside range", tmpl: `{{break}}`},
	{name: "continue outside range", tmpl: `{{if true}}{{continue}}{{end}}`},
	{name: "break in range else", tmpl: `{{range .l}}{{else}}{{break}}{{end}}`},
	{name: "break with args", tmpl: `{{range .l}}{{break 1}}{{end}}`},
	{name: "nested range", tmpl: `{{range .nested.list}}{{range $k, $v := .}}{{$k}}{{$v}}{{end}};{{end}}`},
	{name: "range root access", tmpl: `{{range .sl}}{{.}}{{$.a}}{{end}}`},
	{name: "range field of element", tmpl: `{{range .l}}{{.x}}{{end}}`},
	{name: "range nil elements", tmpl: `{{range .mixed}}<{{.}}>{{end}}`},
	{name: "range variable scope", tmpl: `{{range $i, $e := .l}}{{$x := $e}}{{end}}{{$x}}`},

	// define, template, block.
	{name: "define and template", tmpl: `{{define "a"}}A{{.}}{{end}}{{template "a" 1}}`},
	{name: "template without data", tmpl: `{{define "a"}}[{{.}}]{{end}}{{template "a"}}`},
	{name: "template dot", tmpl: `{{define "a"}}{{.b}}{{end}}{{template "a" .}}`},
	{name: "template not defined", tmpl: `{{template "b"}}`},
	{name: "block", tmpl: `{{block "b" .}}default {{.a}}{{end}}!`},
	{name: "block with define", tmpl: `{{block "b" .}}default{{end}}{{define "b"}}override{{end}}`},
	{name: "recursive template", tmpl: `{{define "r"}}{{if .}}{{index . 0}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .l}}`},
	{name: "multiple definition", tmpl: `{{define "a"}}1{{end}}{{define "a"}}2{{end}}`},
	{name: "empty redefinition", tmpl: `{{define "a"}}1{{end}}{{define "a"}} {{end}}{{template "a"}}`},
	{name: "define bad name", tmpl: `{{define a}}{{end}}`},
	{name: "define unterminated", tmpl: `{{define "a"}}x`},
	{name: "define with else", tmpl: `{{define "a"}}x{{else}}{{end}}`},
	{name: "block with else", tmpl: `{{block "a" .}}x{{else}}{{end}}`},
	{name: "template no name", tmpl: `{{template}}`},
	{name: "template extra args", tmpl: `{{template "x" 1 2}}{{define "x"}}{{end}}`},
	{name: "template name not string", tmpl: `{{template 1}}`},
	{name: "main template replaced by define", tmpl: `{{define "t"}}from define{{end}}`},
	{name: "execution error inside define", tmpl: `{{define "a"}}{{index . 5}}{{end}}{{template "a" .l}}`},

	// Comparisons.
	{name: "eq ints", tmpl: `{{eq 1 1}} {{eq 1 2}} {{eq 1 2 3 1}}`},
	{name: "eq strings", tmpl: `{{eq "a" "a"}} {{eq .b "two"}}`},
	{name: "eq int and float", tmpl: `{{eq 1 1.0}}`},
	{name: "eq data ints", tmpl: `{{eq .a 1}} {{eq .f 1.5}} {{eq .t true}}`},
	{name: "eq missing", tmpl: `{{eq .missing "x"}} {{eq .missing .other}} {{eq .n nil}} {{eq "a" .n}}`},
	{name: "eq nil nil", tmpl: `{{eq nil nil}}`},
	{name: "eq lists", tmpl: `{{eq .l .l}}`},
	{name: "eq list and map", tmpl: `{{eq .l .m}}`},
	{name: "eq list and int", tmpl: `{{eq .l 1}}`},
	{name: "eq one arg", tmpl: `{{eq 1}}`},
	{name: "ne", tmpl: `{{ne 1 2}} {{ne "a" "a"}}`},
	{name: "ne incompatible", tmpl: `{{ne 1 "a"}}`},
	{name: "lt", tmpl: `{{lt 1 2}} {{lt "b" "a"}} {{lt 1.5 2.5}} {{lt .a 2}}`},
	{name: "lt bools", tmpl: `{{lt true false}}`},
	{name: "lt incompatible", tmpl: `{{lt 1 "a"}}`},
	{name: "lt list", tmpl: `{{lt .l 1}}`},
	{name: "lt missing", tmpl: `{{lt .missing 1}}`},
	{name: "le gt ge", tmpl: `{{le 2 2}} {{le 3 2}} {{gt 3 2}} {{gt 2 2}} {{ge 2 2}} {{ge 1 2}}`},
	{name: "gt incompatible", tmpl: `{{gt 1.5 1}}`},
	{name: "compare arity", tmpl: `{{lt 1}}`},

	// len, index, slice.
	{name: "len", tmpl: `{{len .l}} {{len .m}} {{len "héllo"}} {{len .el}}`},
	{name: "len of int", tmpl: `{{len 3}}`},
	{name: "len of missing", tmpl: `{{len .missing}}`},
	{name: "len of null", tmpl: `{{len .n}}`},
	{name: "len of piped null", tmpl: `{{.n | len}}`},
	{name: "len arity", tmpl: `{{len}}`},
	{name: "index list", tmpl: `{{index .l 1}} {{index .sl 0}}`},
	{name: "index map", tmpl: `{{index .m "C"}} {{index .m "missing"}}`},
	{name: "index nested", tmpl: `{{index .nested "list" 1 "k"}}`},
	{name: "index string", tmpl: `{{index "abc" 1}}`},
	{name: "index out of range", tmpl: `{{index .l 5}}`},
	{name: "index at length", tmpl: `{{index .l 3}}`},
	{name: "index negative", tmpl: `{{index .l -1}}`},
	{name: "index map with int", tmpl: `{{index .m 1}}`},
	{name: "index list with string", tmpl: `{{index .l "a"}}`},
	{name: "index int", tmpl: `{{index 1 0}}`},
	{name: "index nil", tmpl: `{{index nil 0}}`},
	{name: "index of null element", tmpl: `{{index .mixed 2 0}}`},
	{name: "index no indexes", tmpl: `{{index .l}}`},
	{name: "index list with nil", tmpl: `{{index .l nil}}`},
	{name: "index with data int", tmpl: `{{index .l .one}}`},
	{name: "slice list", tmpl: `{{slice .l 1 2}} {{slice .l 1}} {{slice .l}} {{slice .l 0 3 3}}`},
	{name: "slice string", tmpl: `{{slice "hello" 1 3}} {{slice "hello" 2}}`},
	{name: "slice inverted", tmpl: `{{slice .l 2 1}}`},
	{name: "slice three-index string", tmpl: `{{slice "abc" 0 1 2}}`},
	{name: "slice out of range", tmpl: `{{slice .l 5}}`},
	{name: "slice int", tmpl: `{{slice 1}}`},
	{name: "slice with data int", tmpl: `{{slice .l .one}}`},
	{name: "slice too many", tmpl: `{{slice .l 1 2 3 4}}`},

	// printf verbs.
	{name: "printf v", tmpl: `{{printf "%v|%v|%v|%v|%v|%v" 1 1.5 "s" true .l .m}}`},
	{name: "printf plus v", tmpl: `{{printf "%+v %+v" .nested .l}}`},
	{name: "printf sharp v", tmpl: `{{printf "%#v %#v %#v %#v" .l .sl "s" 1}}`},
	{name: "printf d", tmpl: `{{printf "%d %d %d" 42 -7 .l}}`},
	{name: "printf bad verbs", tmpl: `{{printf "%d %s %t %f" "foo" 1 1 "x"}}`},
	{name: "printf bad verb in list", tmpl: `{{printf "%s" .l}}`},
	{name: "printf s", tmpl: `{{printf "%s|%s|%s" "str" .sl .nested.inner}}`},
	{name: "printf q", tmpl: `{{printf "%q %q %#q %+q %q" "a\"b\n" 'a' "back" "日本" .sl}}`},
	{name: "printf x", tmpl: `{{printf "%x %X %#x %x % x %X" 255 255 255 "hi" "hi" "héllo"}}`},
	{name: "printf octal binary", tmpl: `{{printf "%o %O %b %#o %#b" 8 8 5 8 5}}`},
	{name: "printf c U", tmpl: `{{printf "%c%c %U %#U" 72 105 0x1F600 0x41}}`},
	{name: "printf f", tmpl: `{{printf "%f|%.2f|%6.2f|%-8.3f|%08.3f|%+.1f|% .1f" 3.14159 3.14159 3.14159 3.14159 -3.14159 2.0 2.0}}`},
	{name: "printf e g", tmpl: `{{printf "%e|%E|%.3e|%g|%g|%g|%.3g|%G" 1234.5678 1234.5678 1234.5678 1e21 100000.0 1e6 3.14159 1e-7}}`},
	{name: "printf rounding", tmpl: `{{printf "%.0f %.0f %.1f %.2f" 2.5 3.5 0.05 1.005}}`},
	{name: "printf float verbs on ints", tmpl: `{{printf "%f %e" 1 2}}`},
	{name: "printf float hex and binary", tmpl: `{{printf "%x %X %b" 1.0 10.5 1.0}}`},
	{name: "printf float sharp", tmpl: `{{printf "%#g %#.3g %#e %#f" 1.0 2.0 3.0 4.0}}`},
	{name: "printf t", tmpl: `{{printf "%t %5t| %-6t|" true false true}}`},
	{name: "printf widths", tmpl: `{{printf "%-10s|%10s|%05d|%-05d|%+05d|%5.2s|%.3s|%05s|" "ab" "ab" 42 42 42 "abcdef" "abcdef" "ab"}}`},
	{name: "printf star width", tmpl: `{{printf "%*d|%-*d|%.*f|" 5 42 5 42 2 3.14159}}`},
	{name: "printf bad star", tmpl: `{{printf "%*d" "x" 1}}`},
	{name: "printf missing", tmpl: `{{printf "%s %s" "a"}}`},
	{name: "printf extra", tmpl: `{{printf "%s" "a" 1 "b" nil}}`},
	{name: "printf unknown verb", tmpl: `{{printf "%z" 1}}`},
	{name: "printf no verb", tmpl: `{{printf "abc%"}}`},
	{name: "printf percent", tmpl: `{{printf "%d%%" 5}}`},
	{name: "printf indexes", tmpl: `{{printf "%[2]s %[1]s %s" "a" "b"}}`},
	{name: "printf bad index", tmpl: `{{printf "%[3]s|%[0]d" "a"}}`},
	{name: "printf nil", tmpl: `{{printf "%v %d %s" nil nil nil}}`},
	{name: "printf missing value", tmpl: `{{printf "%v|%s|%d" .missing .n .missing}}`},
	{name: "printf T", tmpl: `{{printf "%T %T %T %T %T" 1 .l .m nil .nested.inner}}`},
	{name: "printf v width", tmpl: `{{printf "%6.2v|%10.4v|%-4v|" 3.14159 "abcdefgh" 7}}`},
	{name: "printf maps", tmpl: `{{printf "%d" .m}} {{printf "%v" .em}} {{printf "%x" .sl}}`},
	{name: "printf mixed list", tmpl: `{{printf "%v|%d" .mixed .mixed}}`},
	{name: "printf zero precision zero", tmpl: `{{printf "%.0d|%5.0d|" 0 0}}`},
	{name: "printf unicode padding", tmpl: `{{printf "%6s|%-6s|" "é☃" "日本"}}`},
	{name: "printf percent-like text", tmpl: `{{printf "100%% sure %s" "yes"}}`},

	// print, println.
	{name: "print spacing", tmpl: `{{print 1 2}}|{{print "a" "b"}}|{{print "a" 1 "b"}}|{{print 1 "a" 2}}|{{print 1 2 "a" 3 4}}`},
	{name: "print values", tmpl: `{{print .l .m}}|{{print nil 1}}|{{print .missing .n}}|{{print 1.0 2.5 true}}`},
	{name: "print nothing", tmpl: `[{{print}}]`},
	{name: "println", tmpl: `{{println 1 "a" 2}}{{println}}`},

	// Escaping.
	{name: "html", tmpl: `{{html "<a href='x'>&\"</a>"}} {{"<b>" | html}}`},
	{name: "html missing", tmpl: `{{html .missing}} {{html .missing 1}}`},
	{name: "html args", tmpl: `{{html 1 2}} {{html "a" "b"}} {{html .m}}`},
	{name: "html nul", tmpl: `{{html "a\x00b"}}`},
	{name: "js", tmpl: `{{js "it's \"q\" <x> & y=1\n\t\\"}}`},
	{name: "js unicode", tmpl: `{{js "héllo ☃ \u2028 \u00ad"}}`},
	{name: "urlquery", tmpl: `{{urlquery "a b&c=d/é?"}} {{urlquery 1 "x"}} {{urlquery "-_.~"}}`},

	// call.
	{name: "call non-function", tmpl: `{{call 1}}`},
	{name: "call nil", tmpl: `{{call nil}}`},
	{name: "call missing", tmpl: `{{call .missing}}`},

	// missingkey options.
	{name: "missingkey zero", tmpl: `{{.missing}}|{{.nested.nope}}|{{index .m "nope"}}`, option: "missingkey=zero"},
	{name: "missingkey error", tmpl: `{{.missing}}`, option: "missingkey=error"},
	{name: "missingkey error nested", tmpl: `{{.nested.nope}}`, option: "missingkey=error"},
	{name: "missingkey error nil data", tmpl: `{{.x}}`, data: `null`, option: "missingkey=error"},
	{name: "missingkey error index", tmpl: `{{index .m "nope"}}`, option: "missingkey=error"},

	// Error contexts quote the node being executed.
	{name: "context of range", tmpl: `{{range index .l 10}}{{end}}`},
	{name: "context of with declaration", tmpl: `{{with $x := index .l 10}}{{end}}`},
	{name: "context of template pipeline", tmpl: `{{define "x"}}{{end}}{{template "x" index .l 10}}`},
	{name: "context of nested pipe", tmpl: `{{printf "%d" (len (index .l 10))}}`},
	{name: "context of assignment", tmpl: `{{$x := 1}}{{$x = index .l 10}}`},
	{name: "context of chain", tmpl: `{{(index .nested "inner").v.w.x}}`},

	// More edge cases.
	{name: "trim marker alone", tmpl: `{{ -}}`},
	{name: "trim crlf", tmpl: "a \r\n{{- 1 -}}\r\n b"},
	{name: "number then minus", tmpl: `{{1-}}`},
	{name: "comment without spaces", tmpl: `a{{/*x*/}}b`},
	{name: "comment with trailing space", tmpl: `{{/* a */ }}`},
	{name: "trim then comment", tmpl: "a  {{- /*x*/}}  b"},
	{name: "min int", tmpl: `{{-9223372036854775808}}`},
	{name: "negative zero literal", tmpl: `{{-0.0}} {{-0}}`},
	{name: "more float printing", tmpl: `{{.a}} {{.b}} {{.c}} {{.d}} {{.e}}`, data: `{"a":1e20,"b":123456.0,"c":1234567.0,"d":0.000012,"e":0.1}`},
	{name: "printf zero floats", tmpl: `{{printf "%g|%e|%.3e|%f|%v" 0.0 0.0 0.0 0.0 -0.0}}`},
	{name: "printf ints more", tmpl: `{{printf "%x|% d|%+d|%#o|%q|%c|%U" -255 5 5 0 0x1F600 -1 -1}}`},
	{name: "printf strings more", tmpl: `{{printf "%5.1q|%-8v|%08.3f|%+q" "abc" .sl -3.14159 "é"}}`},
	{name: "printf sharp v more", tmpl: `{{printf "%#v|%#v|%#v|%#v" .m nil 1.5 true}}`},
	{name: "printf nulls in map", tmpl: `{{printf "%v" .x}}`, data: `{"x":{"a":null,"b":[null]}}`},
	{name: "define inside if", tmpl: `{{if true}}{{define "x"}}{{end}}{{end}}`},
	{name: "redeclare variable", tmpl: `{{$x := 1}}{{$x := 2}}{{$x}}`},
	{name: "two declarations in command", tmpl: `{{$x, $y := 1}}`},
	{name: "assign range variable", tmpl: `{{range $x := .l}}{{$x = 5}}{{$x}}{{end}}`},
	{name: "with variable visible in else", tmpl: `{{with $x := 0}}a{{else}}{{$x}}{{end}}`},
	{name: "len and index of unicode", tmpl: `{{len .u}} {{index .u 1}}`},
	{name: "slice splits unicode", tmpl: `{{slice .u 1 2}}`},
	{name: "if and or values", tmpl: `{{if and 1 ""}}a{{else}}b{{end}}{{if or 0 .l}}c{{end}}`},
	{name: "not map", tmpl: `{{not .m}} {{not .em}}`},
	{name: "eq float list", tmpl: `{{eq .f 1.5 2.5}} {{eq .f 2.5 3.5}}`},
	{name: "ne arity", tmpl: `{{ne}}`},
	{name: "eq string lists", tmpl: `{{eq .sl .sl}}`},
	{name: "escapers on values", tmpl: `{{html .l}} {{js .sl}} {{urlquery .m}}`},
	{name: "template root variable", tmpl: `{{define "a"}}{{$}}{{end}}{{template "a" 5}}`},
	{name: "break in nested range", tmpl: `{{range .sl}}{{range $.l}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}|{{end}}`},
	{name: "continue in range over map", tmpl: `{{range $k, $v := .m}}{{if eq $k "a"}}{{continue}}{{end}}{{$k}}{{end}}`},
	{name: "field of list", tmpl: `{{.l.x}}`},
	{name: "pipeline of builtins", tmpl: `{{.sl | len | printf "%d items"}}`},
	{name: "slice piped int", tmpl: `{{"abc" | slice 1}}`},
	{name: "printf with list arg", tmpl: `{{printf "%v and %v" .sl .em}}`},
	{name: "range with else and break", tmpl: `{{range $i, $e := .l}}{{if gt $i 0}}{{break}}{{end}}{{$e}}{{else}}none{{end}}`},
	{name: "nested if else chains", tmpl: `{{range .l}}{{if eq . 1}}one{{else if eq . 2}}two{{else}}many{{end}} {{end}}`},
	{name: "deep data", tmpl: `{{range .nested.list}}{{.k}}{{end}}{{with index .nested.list 1}}{{.k}}{{end}}`},
	{name: "string concat via print", tmpl: `{{print .b "-" .a "-" .f}}`},
	{name: "println values", tmpl: `{{println .l .n .b}}`},
	{name: "unicode identifiers", tmpl: `{{.ключ}}`, data: `{"ключ":"значение"}`},
	{name: "raw string with newline", tmpl: "{{`a\nb`}}"},
	{name: "variable named like keyword", tmpl: `{{$if := 1}}{{$if}}`},
	{name: "bad variable character", tmpl: `{{$x# := 1}}`},
	{name: "field named like keyword", tmpl: `{{.if}} {{.range}}`, data: `{"if":1,"range":2}`},
	{name: "identifier chain", tmpl: `{{print.x}}`},
	{name: "keyword as function", tmpl: `{{range}}`},
	{name: "else without end", tmpl: `{{if 1}}a{{else}}b`},
	{name: "end with args", tmpl: `{{if 1}}{{end 1}}`},
	{name: "else with garbage", tmpl: `{{if 1}}{{else 1}}{{end}}`},
	{name: "long unexpected token", tmpl: `{{if 1 "a very long string literal"}}{{end}}{{template "abc" "x" | "y"}}`},
	{name: "unexpected long string token", tmpl: `{{define "a" "a very long string literal"}}{{end}}`},
}


// decodeData decodes JSON, turning numbers without a fraction or exponent
// into ints.
func decodeData(text string) (any, error) {
	decoder := json.NewDecoder(strings.NewReader(text))
	decoder.UseNumber()
	var raw any
	if err := decoder.Decode(&raw); err != nil {
		return nil, err
	}
	return convert(raw), nil
}

func convert(v any) any {
	switch v := v.(type) {
	case json.Number:
		s := string(v)
		if !strings.ContainsAny(s, ".eE") {
			if i, err := strconv.ParseInt(s, 10, 64); err == nil {
				return int(i)
			}
		}
		f, _ := v.Float64()
		return f
	case []any:
		for i := range v {
			v[i] = convert(v[i])
		}
		return v
	case map[string]any:
		for k := range v {
			v[k] = convert(v[k])
		}
		return v
	default:
		return v
	}
}

func run(s spec) testCase {
	c := testCase{Name: s.name, Template: s.tmpl, Data: s.data, Option: s.option}
	dataText := s.data
	if dataText == "" {
		dataText = defaultData
	}
	data, err := decodeData(dataText)
	if err != nil {
		panic(fmt.Sprintf("case %q: bad data: %v", s.name, err))
	}
	t := template.New("t")
	if s.option != "" {
		t.Option(s.option)
	}
	t, err = t.Parse(s.tmpl)
	if err != nil {
		c.Error = err.Error()
		return c
	}
	var out bytes.Buffer
	if err := t.Execute(&out, data); err != nil {
		c.Error = err.Error()
		return c
	}
	c.Output = out.String()
	return c
}

func main() {
	seen := map[string]bool{}
	results := make([]testCase, 0, len(cases))
	for _, s := range cases {
		if seen[s.name] {
			panic("duplicate case name: " + s.name)
		}
		seen[s.name] = true
		results = append(results, run(s))
	}
	var buf bytes.Buffer
	encoder := json.NewEncoder(&buf)
	encoder.SetEscapeHTML(false)
	encoder.SetIndent("", "  ")
	file := struct {
		Go          string     `json:"go"`
		DefaultData string     `json:"defaultData"`
		Cases       []testCase `json:"cases"`
	}{runtime.Version(), defaultData, results}
	if err := encoder.Encode(file); err != nil {
		panic(err)
	}
	os.Stdout.Write(buf.Bytes())
}
