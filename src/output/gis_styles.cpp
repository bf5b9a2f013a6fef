#include "gis_styles.hpp"

#include <cmath>
#include <functional>
#include <sstream>

#include "reachplan/core/error.hpp"
#include "reachplan/output/map_symbology.hpp"

namespace reachplan::output::styles {

namespace sym = symbology;

namespace {

// One SLD filter term; all of a class's terms must hold (ogc:And).
struct StyCond {
  std::string property, op, literal;  // op: PropertyIsEqualTo, ..., PropertyIsNull
};

struct StySymbol {
  enum Geom { marker, line, fill } geom = line;
  sym::Rgb colour;
  double width_mm = 0.5;  // line width, or a fill's / marker's outline width
  std::vector<double> dash;
  double size_mm = 2.0;  // marker
  double alpha = 1.0;    // fill opacity
  sym::Rgb outline{0x33, 0x33, 0x33};
  bool no_fill = false;
  std::string size_expression;  // data-defined marker size (QGIS expression)
};

// A class: a category value, a range or a rule filter, with its symbol and legend label.
struct StyClass {
  std::string value;                // categorized
  double lower = 0.0, upper = 0.0;  // graduated
  std::string filter;               // rule-based (QGIS expression; "ELSE")
  std::vector<StyCond> sld;         // the same in SLD; empty = else
  std::string label;
  StySymbol symbol;
};

struct StyVector {
  std::string renderer;  // singleSymbol, categorizedSymbol, graduatedSymbol, RuleRenderer
  std::string attr;      // field or expression
  std::vector<StyClass> classes;
  std::string label_expression;  // "" = no labels
  double label_size_pt = 8.0;
  std::string order_by;  // an ORDER BY clause (descending), "" = none
};

std::string num(double x) {
  std::ostringstream s;
  s << x;
  return s.str();
}

std::string rgba(const sym::Rgb& c, double alpha = 1.0) {
  return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," +
         std::to_string(static_cast<int>(std::lround(alpha * 255)));
}

std::string opt(const std::string& name, const std::string& value) {
  return "<Option name=\"" + name + "\" value=\"" + xml_escape(value) + "\" type=\"QString\"/>";
}

std::string dash_text(const std::vector<double>& dash, const char* sep) {
  std::string s;
  for (std::size_t i = 0; i < dash.size(); ++i) s += (i ? sep : "") + num(dash[i]);
  return s;
}

std::string size_property(const std::string& expression) {
  if (expression.empty()) return "";
  return "<data_defined_properties><Option type=\"Map\">" + opt("name", "") +
         "<Option name=\"properties\" type=\"Map\"><Option name=\"size\" type=\"Map\">"
         "<Option name=\"active\" value=\"true\" type=\"bool\"/>" +
         opt("expression", expression) +
         "<Option name=\"type\" value=\"3\" type=\"int\"/></Option></Option>" +
         opt("type", "collection") + "</Option></data_defined_properties>";
}

std::string qml_symbol(const StySymbol& s, const std::string& name) {
  std::string options, cls, type;
  if (s.geom == StySymbol::line) {
    type = "line";
    cls = "SimpleLine";
    options = opt("line_color", rgba(s.colour)) + opt("line_width", num(s.width_mm)) +
              opt("line_width_unit", "MM") + opt("line_style", "solid") + opt("capstyle", "round") +
              opt("joinstyle", "round") + opt("use_custom_dash", s.dash.empty() ? "0" : "1") +
              opt("customdash", s.dash.empty() ? "5;2" : dash_text(s.dash, ";")) +
              opt("customdash_unit", "MM");
  } else if (s.geom == StySymbol::fill) {
    type = "fill";
    cls = "SimpleFill";
    options = opt("color", rgba(s.colour, s.alpha)) + opt("style", s.no_fill ? "no" : "solid") +
              opt("outline_color", rgba(s.outline)) + opt("outline_style", "solid") +
              opt("outline_width", num(s.width_mm)) + opt("outline_width_unit", "MM");
  } else {
    type = "marker";
    cls = "SimpleMarker";
    options = opt("name", "circle") + opt("color", rgba(s.colour)) +
              opt("outline_color", rgba(s.outline)) + opt("outline_style", "solid") +
              opt("outline_width", num(s.width_mm)) + opt("outline_width_unit", "MM") +
              opt("size", num(s.size_mm)) + opt("size_unit", "MM") +
              opt("scale_method", "diameter");
  }
  return "<symbol type=\"" + type + "\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
         "<layer class=\"" +
         cls + "\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">" + options +
         "</Option>" + size_property(s.size_expression) + "</layer></symbol>";
}

std::string qml_labeling(const StyVector& v, const Context& c) {
  const std::string font = c.lang == "zh" ? "WenQuanYi Micro Hei" : "DejaVu Sans";
  return "<labeling type=\"simple\"><settings calloutType=\"simple\">"
         "<text-style fieldName=\"" +
         xml_escape(v.label_expression) + "\" isExpression=\"1\" fontFamily=\"" + font +
         "\" fontSize=\"" + num(v.label_size_pt) + "\" fontSizeUnit=\"Point\" textColor=\"" +
         rgba(sym::label_ink) +
         "\" textOpacity=\"1\" fontWeight=\"50\" namedStyle=\"Regular\">"
         "<text-buffer bufferDraw=\"1\" bufferSize=\"0.8\" bufferSizeUnits=\"MM\" bufferColor=\"" +
         rgba(sym::label_halo) +
         "\" bufferOpacity=\"0.9\" bufferJoinStyle=\"128\"/></text-style>"
         "<placement placement=\"6\" dist=\"1\" distUnits=\"MM\" priority=\"5\"/>"
         "<rendering obstacle=\"1\" displayAll=\"0\" upsidedownLabels=\"0\" "
         "scaleVisibility=\"0\"/></settings></labeling>";
}

std::string qml_vector_body(const StyVector& v, const Context& c) {
  std::string classes, symbols;
  for (std::size_t i = 0; i < v.classes.size(); ++i) {
    const StyClass& k = v.classes[i];
    const std::string id = std::to_string(i);
    const std::string label = xml_escape(k.label);
    if (v.renderer == "categorizedSymbol")
      classes += "<category render=\"true\" value=\"" + xml_escape(k.value) + "\" symbol=\"" + id +
                 "\" label=\"" + label + "\"/>";
    else if (v.renderer == "graduatedSymbol")
      classes += "<range render=\"true\" lower=\"" + num(k.lower) + "\" upper=\"" + num(k.upper) +
                 "\" symbol=\"" + id + "\" label=\"" + label + "\"/>";
    else if (v.renderer == "RuleRenderer")
      classes += "<rule key=\"r" + id + "\" filter=\"" + xml_escape(k.filter) + "\" symbol=\"" +
                 id + "\" label=\"" + label + "\"/>";
    symbols += qml_symbol(k.symbol, id);
  }
  std::string r = "<renderer-v2 type=\"" + v.renderer + "\"";
  if (!v.attr.empty()) r += " attr=\"" + xml_escape(v.attr) + "\"";
  if (v.renderer == "graduatedSymbol") r += " graduatedMethod=\"GraduatedColor\"";
  r += " symbollevels=\"0\" forceraster=\"0\" enableorderby=\"" +
       std::string(v.order_by.empty() ? "0" : "1") + "\">";
  if (v.renderer == "categorizedSymbol") r += "<categories>" + classes + "</categories>";
  if (v.renderer == "graduatedSymbol") r += "<ranges>" + classes + "</ranges>";
  if (v.renderer == "RuleRenderer") r += "<rules key=\"root\">" + classes + "</rules>";
  r += "<symbols>" + symbols + "</symbols>";
  if (!v.order_by.empty())
    r += "<orderby><orderByClause asc=\"0\" nullsFirst=\"0\">" + xml_escape(v.order_by) +
         "</orderByClause></orderby>";
  r += "</renderer-v2>";
  if (!v.label_expression.empty()) r += qml_labeling(v, c);
  return r;
}

std::string param(const char* name, const std::string& value) {
  return std::string("<se:SvgParameter name=\"") + name + "\">" + xml_escape(value) +
         "</se:SvgParameter>";
}

// SLD sizes are pixels (0.28 mm each, SE 1.1).
std::string px(double mm) {
  return num(std::round(mm / 0.28 * 10) / 10);
}

std::string sld_stroke(const sym::Rgb& c, double width_mm, const std::vector<double>& dash) {
  std::string s = "<se:Stroke>" + param("stroke", c.hex()) + param("stroke-width", px(width_mm));
  if (!dash.empty()) {
    std::vector<double> pixels;
    for (double d : dash) pixels.push_back(std::round(d / 0.28 * 10) / 10);
    s += param("stroke-dasharray", dash_text(pixels, " "));
  }
  return s + "</se:Stroke>";
}

std::string sld_symbolizer(const StySymbol& s) {
  if (s.geom == StySymbol::line)
    return "<se:LineSymbolizer>" + sld_stroke(s.colour, s.width_mm, s.dash) +
           "</se:LineSymbolizer>";
  if (s.geom == StySymbol::fill) {
    std::string fill = s.no_fill ? ""
                                 : "<se:Fill>" + param("fill", s.colour.hex()) +
                                       param("fill-opacity", num(s.alpha)) + "</se:Fill>";
    return "<se:PolygonSymbolizer>" + fill + sld_stroke(s.outline, s.width_mm, {}) +
           "</se:PolygonSymbolizer>";
  }
  return "<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle</se:WellKnownName>"
         "<se:Fill>" +
         param("fill", s.colour.hex()) + "</se:Fill>" + sld_stroke(s.outline, s.width_mm, {}) +
         "</se:Mark><se:Size>" + px(s.size_mm) + "</se:Size></se:Graphic></se:PointSymbolizer>";
}

std::string sld_filter(const std::vector<StyCond>& conds) {
  if (conds.empty()) return "<se:ElseFilter/>";
  std::string terms;
  for (const auto& c : conds) {
    terms +=
        "<ogc:" + c.op + "><ogc:PropertyName>" + xml_escape(c.property) + "</ogc:PropertyName>";
    if (c.op != "PropertyIsNull")
      terms += "<ogc:Literal>" + xml_escape(c.literal) + "</ogc:Literal>";
    terms += "</ogc:" + c.op + ">";
  }
  if (conds.size() > 1) terms = "<ogc:And>" + terms + "</ogc:And>";
  return "<ogc:Filter>" + terms + "</ogc:Filter>";
}

std::string sld_document(const std::string& name, const std::string& rules) {
  const std::string n = xml_escape(name);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<StyledLayerDescriptor xmlns=\"http://www.opengis.net/sld\" "
         "xmlns:ogc=\"http://www.opengis.net/ogc\" xmlns:se=\"http://www.opengis.net/se\" "
         "xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" version=\"1.1.0\" "
         "xsi:schemaLocation=\"http://www.opengis.net/sld "
         "http://schemas.opengis.net/sld/1.1.0/StyledLayerDescriptor.xsd\">"
         "<NamedLayer><se:Name>" +
         n + "</se:Name><UserStyle><se:Name>" + n + "</se:Name>" + rules +
         "</UserStyle></NamedLayer></StyledLayerDescriptor>\n";
}

std::string sld_vector(const StyVector& v, const Context& c) {
  std::string rules = "<se:FeatureTypeStyle>";
  for (const auto& k : v.classes)
    rules += "<se:Rule><se:Name>" + xml_escape(k.label) + "</se:Name>" + sld_filter(k.sld) +
             sld_symbolizer(k.symbol) + "</se:Rule>";
  if (!v.label_expression.empty()) {
    const std::string field = c.lang == "zh" && c.has_name_zh ? "name_zh" : "name";
    rules += "<se:Rule><se:TextSymbolizer><se:Label><ogc:PropertyName>" + field +
             "</ogc:PropertyName></se:Label><se:Font>" + param("font-size", num(v.label_size_pt)) +
             "</se:Font><se:Halo><se:Radius>2</se:Radius><se:Fill>" +
             param("fill", sym::label_halo.hex()) + "</se:Fill></se:Halo><se:Fill>" +
             param("fill", sym::label_ink.hex()) + "</se:Fill></se:TextSymbolizer></se:Rule>";
  }
  return sld_document(c.layer_name, rules + "</se:FeatureTypeStyle>");
}

std::string qml_document(const std::string& body, bool labels) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
         "<qgis version=\"3.22.0\" styleCategories=\"Symbology|Labeling\" labelsEnabled=\"" +
         std::string(labels ? "1" : "0") + "\">" + body + "</qgis>\n";
}

// ---- The table: one builder per vector kind ----

StySymbol line_symbol(sym::Rgb colour, double width, std::vector<double> dash = {}) {
  StySymbol s;
  s.geom = StySymbol::line;
  s.colour = colour;
  s.width_mm = width;
  s.dash = std::move(dash);
  return s;
}

StySymbol fill_symbol(sym::Rgb colour, double alpha, sym::Rgb outline, double width) {
  StySymbol s;
  s.geom = StySymbol::fill;
  s.colour = colour;
  s.alpha = alpha;
  s.outline = outline;
  s.width_mm = width;
  return s;
}

std::string label_of(const Context& c) {
  return c.lang == "zh" && c.has_name_zh ? "coalesce(\"name_zh\", \"name\")" : "\"name\"";
}

StyVector nodes_style(const Context& c) {
  StyVector v;
  v.renderer = "RuleRenderer";
  // Marker area grows with population (sqrt: area ~ people), 1.6 to 6 mm across.
  const std::string size = "coalesce(scale_linear(sqrt(\"population\"), 0, 4000, 1.6, 6), 1.6)";
  StySymbol key;
  key.geom = StySymbol::marker;
  key.colour = {0x22, 0x22, 0x22};
  key.outline = sym::label_halo;
  key.width_mm = 0.4;
  key.size_expression = size + " * 1.3";
  StySymbol other = key;
  other.colour = {0xff, 0xff, 0xff};
  other.outline = {0x44, 0x44, 0x44};
  other.width_mm = 0.3;
  other.size_expression = size;
  v.classes.push_back({"",
                       0,
                       0,
                       // QGIS reads the field as a boolean, which "= 1" never equals.
                       "to_int(\"key_member\") = 1",
                       {{"key_member", "PropertyIsEqualTo", "1"}},
                       "key group",
                       key});
  v.classes.push_back({"", 0, 0, "ELSE", {}, "other places", other});
  v.label_expression = label_of(c);
  return v;
}

StyVector links_style(const Context& c) {
  StyVector v;
  v.renderer = "categorizedSymbol";
  v.attr = "\"mode\" || '/' || \"status\"";
  for (const auto& mode : c.mode_ids)
    for (const auto& d : sym::status_dashes())
      v.classes.push_back(
          {mode + "/" + std::string(d.status),
           0,
           0,
           "",
           {{"mode", "PropertyIsEqualTo", mode},
            {"status", "PropertyIsEqualTo", std::string(d.status)}},
           mode + " " + std::string(d.label),
           line_symbol(sym::mode_colour(mode, c.mode_ids), sym::mode_width_mm(mode), d.pattern)});
  return v;
}

StyVector services_style(const Context& c) {
  StyVector v;
  v.renderer = "categorizedSymbol";
  v.attr = "mode";
  for (const auto& mode : c.mode_ids)
    v.classes.push_back({mode,
                         0,
                         0,
                         "",
                         {{"mode", "PropertyIsEqualTo", mode}},
                         mode + " service",
                         line_symbol(sym::mode_colour(mode, c.mode_ids), 0.35, {0.5, 1.0})});
  return v;
}

StyVector od_style(const Context&) {
  StyVector v;
  v.renderer = "categorizedSymbol";
  v.attr = "verdict";
  v.classes.push_back({"PASS",
                       0,
                       0,
                       "",
                       {{"verdict", "PropertyIsEqualTo", "PASS"}},
                       "PASS",
                       line_symbol(sym::verdict_colour("PASS"), 0.4)});
  v.classes.push_back({"FAIL",
                       0,
                       0,
                       "",
                       {{"verdict", "PropertyIsEqualTo", "FAIL"}},
                       "FAIL",
                       line_symbol(sym::verdict_colour("FAIL"), 0.5, {2.0, 1.0})});
  v.classes.push_back({"",
                       0,
                       0,
                       "",
                       {{"verdict", "PropertyIsNull", ""}},
                       "no target",
                       line_symbol(sym::verdict_colour(""), 0.25)});
  return v;
}

StyVector isochrones_style(const Context&) {
  StyVector v;
  v.renderer = "graduatedSymbol";
  v.attr = "minutes";
  v.order_by = "\"minutes\"";  // largest first, so the nearer rings lie on top
  for (const auto& k : sym::travel_time_classes()) {
    const double upper = std::isinf(k.upper) ? 100000.0 : k.upper;
    v.classes.push_back({"",
                         k.lower,
                         upper,
                         "",
                         {{"minutes", "PropertyIsGreaterThan", num(k.lower)},
                          {"minutes", "PropertyIsLessThanOrEqualTo", num(upper)}},
                         std::string(k.label),
                         fill_symbol(k.colour, 0.35, k.colour, 0.3)});
  }
  return v;
}

StyVector context_style(Kind kind, const Context& c) {
  StyVector v;
  v.renderer = "singleSymbol";
  if (kind == Kind::provinces) {
    v.classes.push_back(
        // Outline only: an opaque fill would hide the travel-time raster drawn beneath.
        {"", 0, 0, "", {}, "province", fill_symbol(sym::land, 0.0, sym::province_border, 0.3)});
    v.label_expression = label_of(c);
    v.label_size_pt = 7;
  } else if (kind == Kind::rivers) {
    v.classes.push_back({"", 0, 0, "", {}, "river", line_symbol(sym::water_outline, 0.5)});
  } else {
    v.classes.push_back(
        {"", 0, 0, "", {}, "lake", fill_symbol(sym::water, 1.0, sym::water_outline, 0.2)});
  }
  return v;
}

// ---- Rasters: discrete pseudocolor over classes ----

std::string raster_body(const std::vector<sym::ValueClass>& classes, const char* ramp_type,
                        double lo, double hi) {
  std::string items;
  for (const auto& k : classes) {
    // DISCRETE: an item colours values up to its value; the last one everything above.
    const double v = std::string(ramp_type) == "DISCRETE" ? k.upper : k.lower;
    items += "<item value=\"" + (std::isinf(v) ? std::string("inf") : num(v)) + "\" color=\"" +
             k.colour.hex() + "\" alpha=\"255\" label=\"" + xml_escape(std::string(k.label)) +
             "\"/>";
  }
  return "<pipe><rasterrenderer type=\"singlebandpseudocolor\" band=\"1\" opacity=\"1\" "
         "alphaBand=\"-1\" classificationMin=\"" +
         num(lo) + "\" classificationMax=\"" + num(hi) +
         "\" nodataColor=\"\"><rasterTransparency/><minMaxOrigin><limits>None</limits>"
         "<extent>WholeRaster</extent><statAccuracy>Estimated</statAccuracy>"
         "<cumulativeCutLower>0.02</cumulativeCutLower><cumulativeCutUpper>0.98</"
         "cumulativeCutUpper>"
         "<stdDevFactor>2</stdDevFactor></minMaxOrigin><rastershader><colorrampshader "
         "colorRampType=\"" +
         ramp_type + "\" classificationMode=\"3\" clip=\"0\" minimumValue=\"" + num(lo) +
         "\" maximumValue=\"" + num(hi) + "\">" + items +
         "</colorrampshader></rastershader></rasterrenderer>"
         "<brightnesscontrast brightness=\"0\" contrast=\"0\" gamma=\"1\"/>"
         "<huesaturation saturation=\"0\" grayscaleMode=\"0\" colorizeOn=\"0\"/>"
         "<rasterresampler maxOversampling=\"2\"/></pipe><blendMode>0</blendMode>";
}

std::string raster_sld(const std::string& name, const std::vector<sym::ValueClass>& classes) {
  std::string entries;
  for (const auto& k : classes)
    if (!std::isinf(k.upper))
      entries += "<se:ColorMapEntry color=\"" + k.colour.hex() + "\" quantity=\"" + num(k.upper) +
                 "\" label=\"" + xml_escape(std::string(k.label)) + "\"/>";
  const auto& last = classes.back();
  entries += "<se:ColorMapEntry color=\"" + last.colour.hex() + "\" quantity=\"1e+30\" label=\"" +
             xml_escape(std::string(last.label)) + "\"/>";
  return sld_document(name,
                      "<se:FeatureTypeStyle><se:Rule><se:RasterSymbolizer>"
                      "<se:Opacity>1</se:Opacity><se:ColorMap type=\"intervals\">" +
                          entries +
                          "</se:ColorMap></se:RasterSymbolizer></se:Rule>"
                          "</se:FeatureTypeStyle>");
}

// Accessibility (persons or an index): five viridis classes of equal width up to the maximum.
std::vector<sym::ValueClass> accessibility_classes(double max, std::vector<std::string>& labels) {
  const auto& tt = sym::travel_time_classes();
  const double top = max > 0 ? max : 1.0;
  std::vector<sym::ValueClass> out;
  labels.clear();
  labels.reserve(5);
  for (int i = 0; i < 5; ++i) {
    const double lo = top * i / 5, hi = i == 4 ? sym::open_end : top * (i + 1) / 5;
    labels.push_back(i == 4 ? "> " + num(lo) : num(lo) + " - " + num(hi));
    out.push_back({lo, hi, tt[7 - i * 7 / 4].colour, ""});
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].label = labels[i];
  return out;
}

}  // namespace

bool is_raster(Kind kind) {
  return kind == Kind::travel_time || kind == Kind::delta || kind == Kind::accessibility;
}

Kind layer_kind(const std::string& layer) {
  if (layer == "nodes") return Kind::nodes;
  if (layer == "links") return Kind::links;
  if (layer == "services") return Kind::services;
  if (layer == "od") return Kind::od;
  if (layer == "isochrones") return Kind::isochrones;
  if (layer == "provinces") return Kind::provinces;
  if (layer == "rivers") return Kind::rivers;
  if (layer == "lakes") return Kind::lakes;
  throw core::OutputError("no style for layer '" + layer + "'");
}

Kind surface_kind(model::SurfaceSpec::Kind kind) {
  return kind == model::SurfaceSpec::Kind::travel_time ? Kind::travel_time : Kind::accessibility;
}

Style style_for(Kind kind, const Context& c) {
  Style s;
  if (is_raster(kind)) {
    std::vector<std::string> labels;
    std::vector<sym::ValueClass> classes;
    if (kind == Kind::travel_time) classes = sym::travel_time_classes();
    if (kind == Kind::delta) classes = sym::delta_minutes_classes();
    if (kind == Kind::accessibility) classes = accessibility_classes(c.value_max, labels);
    const double lo = kind == Kind::delta ? -60 : 0;
    const double hi = kind == Kind::accessibility ? std::max(c.value_max, 1.0)
                      : kind == Kind::delta       ? 60
                                                  : 360;
    s.renderer = "singlebandpseudocolor";
    s.body = raster_body(classes, "DISCRETE", lo, hi);
    s.qml = qml_document(s.body, false);
    s.sld = raster_sld(c.layer_name, classes);
    return s;
  }
  static const std::vector<std::pair<Kind, std::function<StyVector(const Context&)>>> table = {
      {Kind::nodes, nodes_style},           {Kind::links, links_style},
      {Kind::services, services_style},     {Kind::od, od_style},
      {Kind::isochrones, isochrones_style},
  };
  StyVector v;
  bool found = false;
  for (const auto& [k, make] : table)
    if (k == kind) {
      v = make(c);
      found = true;
    }
  if (!found) v = context_style(kind, c);
  s.renderer = v.renderer;
  s.labels = !v.label_expression.empty();
  s.body = qml_vector_body(v, c);
  s.qml = qml_document(s.body, s.labels);
  s.sld = sld_vector(v, c);
  return s;
}

}  // namespace reachplan::output::styles
