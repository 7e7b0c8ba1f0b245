//! Runs one vector's steps on one fresh instance and records what each call
//! returned and logged, and the frames the instance holds at the end.
//! Judging is the report's job (`conformance-tests/judge`): the runner only
//! observes, so that every host is judged by the same code.
//!
//! Type-driven: a step names a function (`grayscale`, `frame.width`,
//! `task`), the instance finds the export of that name, and each argument is
//! converted from its JSON by the parameter's WIT type, each result to JSON
//! by its value (`conformance-tests/oracle/suite.py` describes both). No
//! table of functions: what the component exports, the vectors can call.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use serde_json::{json, Value};
use wasmtime::component::{ResourceAny, ResourceType, Type, Val};
use wasmtime::{bail, format_err, Result};

use crate::args::Fixtures;
use crate::component::Export;
use crate::model::{bytes_json, LogRecord};

/// One fresh instance of a target, called by name.
pub trait Instance {
    /// The function `call` (`name`, `resource.name` or `resource`), looked
    /// up in `interface` first.
    fn export(&mut self, interface: &str, call: &str) -> Option<Export>;
    /// The call's one result, if it has one. `Err` is a trap (or a handle
    /// the runtime refuses).
    fn call(&mut self, export: &Export, args: Vec<Val>) -> Result<Option<Val>>;
    /// The WIT name of a resource type the instance hands out.
    fn resource_name(&self, ty: ResourceType) -> Option<String>;
    /// Drops a handle the runner owns (`resource.drop`): a frame or a task.
    fn drop_handle(&mut self, handle: ResourceAny) -> Result<()>;
    /// How many frames the instance holds, where the runner can see them.
    fn frames_alive(&self) -> Option<u64>;
    /// What the instance logged since the last call.
    fn take_logs(&mut self) -> Vec<LogRecord>;
}

/// The results of every step, or why the vector could not run at all.
pub fn run_vector(
    instance: Result<Box<dyn Instance>>,
    vector: &Value,
    fixtures: &mut Fixtures,
) -> Value {
    let mut instance = match instance {
        Ok(instance) => instance,
        Err(e) => return json!({ "error": format!("cannot instantiate: {e:?}") }),
    };
    let interface = vector["interface"].as_str().unwrap_or_default();
    let mut handles = Handles::default();
    let mut steps = Vec::new();
    for step in vector["steps"].as_array().into_iter().flatten() {
        let mut call = Call {
            instance: instance.as_mut(),
            fixtures: &mut *fixtures,
            handles: &mut handles,
            bind: step.get("bind").and_then(Value::as_str),
            interface,
        };
        let outcome = call.step(step);
        let logs: Vec<Value> = instance
            .take_logs()
            .into_iter()
            .map(|(level, context, message)| json!([level, context, message]))
            .collect();
        let name = step["call"].clone();
        match outcome {
            Ok(result) => steps.push(json!({ "call": name, "result": result, "logs": logs })),
            Err(e) => {
                // A trap (or a handle the runtime refuses) ends the vector.
                steps.push(json!({ "call": name, "trap": format!("{e:?}"), "logs": logs }));
                break;
            }
        }
    }
    // Every handle the runner still owns is dropped, then what the instance
    // still holds is counted: the vector says how many frames that must be.
    for handle in handles.owned.drain(..) {
        // A trapped instance's handles died with it: nothing to drop then.
        let _ = instance.drop_handle(handle);
    }
    let mut out = json!({ "steps": steps });
    if let Some(alive) = instance.frames_alive() {
        out["frames_alive"] = alive.into();
    }
    out
}

/// The resources a vector names (`bind`). A name keeps its handle after it
/// moved or was dropped, so that a vector can pass it again and see the
/// runtime refuse it; `owned` is what the runner must still drop.
#[derive(Default)]
struct Handles {
    by_name: HashMap<String, ResourceAny>,
    owned: Vec<ResourceAny>,
    /// Held by a vector with a huge list (below): one such at a time.
    huge: Option<MutexGuard<'static, ()>>,
}

/// A list of this many values or more is huge: as `Val`s, one per sample,
/// the limits' largest image takes gigabytes, so the targets' workers take
/// turns with such vectors.
const HUGE: usize = 1 << 24;
static HUGE_TURN: Mutex<()> = Mutex::new(());

impl Handles {
    fn bind(&mut self, name: Option<&str>, handle: ResourceAny) {
        if let Some(name) = name {
            self.by_name.insert(name.to_owned(), handle);
        }
        self.owned.push(handle);
    }

    /// The handle named, borrowed: the runner keeps owning it.
    fn get(&self, name: &str) -> Result<ResourceAny> {
        self.by_name
            .get(name)
            .copied()
            .ok_or_else(|| format_err!("nothing bound to {name:?}"))
    }

    /// The handle named, moved into a call: no longer the runner's to drop.
    fn take(&mut self, name: &str) -> Result<ResourceAny> {
        let handle = self.get(name)?;
        self.forget(handle);
        Ok(handle)
    }

    fn forget(&mut self, handle: ResourceAny) {
        self.owned.retain(|h| *h != handle);
    }
}

struct Call<'a> {
    instance: &'a mut dyn Instance,
    fixtures: &'a mut Fixtures,
    handles: &'a mut Handles,
    bind: Option<&'a str>,
    interface: &'a str,
}

impl Call<'_> {
    /// The step's result; with `repeat`, the list of every repetition's.
    fn step(&mut self, step: &Value) -> Result<Value> {
        let call = step["call"].as_str().unwrap_or_default();
        let args = &step["args"];
        let Some(times) = step.get("repeat").and_then(Value::as_u64) else {
            return self.call(call, args);
        };
        (0..times)
            .map(|_| self.call(call, args))
            .collect::<Result<Vec<_>>>()
            .map(Value::Array)
    }

    fn call(&mut self, call: &str, args: &Value) -> Result<Value> {
        if call == "drop" {
            let name = args["name"]
                .as_str()
                .ok_or_else(|| format_err!("drop without a name"))?;
            let handle = self.handles.take(name)?;
            self.instance.drop_handle(handle)?;
            return Ok(Value::Null);
        }
        let result = self.invoke(call, args)?;
        Ok(result.map_or(Value::Null, |value| self.observe(value)))
    }

    /// Calls `call` with `args` (an object keyed by parameter name).
    fn invoke(&mut self, call: &str, args: &Value) -> Result<Option<Val>> {
        let export = self
            .instance
            .export(self.interface, call)
            .ok_or_else(|| format_err!("no function {call:?} in the component's exports"))?;
        let mut vals = Vec::with_capacity(export.params.len());
        for (name, ty) in &export.params {
            let spec = args.get(name).unwrap_or(&Value::Null);
            vals.push(
                self.arg(spec, ty)
                    .map_err(|e| format_err!("argument `{name}` of {call}: {e}"))?,
            );
        }
        self.instance.call(&export, vals)
    }

    /// An argument: its JSON converted by its WIT type. Images and byte
    /// lists may be fixtures; a resource is a bound name, or a value the
    /// runner makes one of first (`make`).
    fn arg(&mut self, spec: &Value, ty: &Type) -> Result<Val> {
        Ok(match ty {
            Type::Bool => Val::Bool(
                spec.as_bool()
                    .ok_or_else(|| format_err!("not a bool: {spec}"))?,
            ),
            Type::U8 => Val::U8(u8::try_from(int(spec)?)?),
            Type::U16 => Val::U16(u16::try_from(int(spec)?)?),
            Type::U32 => Val::U32(u32::try_from(int(spec)?)?),
            Type::U64 => Val::U64(int(spec)?),
            Type::Float32 => Val::Float32(float(spec)? as f32),
            Type::Float64 => Val::Float64(float(spec)?),
            Type::String => Val::String(
                spec.as_str()
                    .ok_or_else(|| format_err!("not a string: {spec}"))?
                    .into(),
            ),
            Type::Enum(_) => Val::Enum(
                spec.as_str()
                    .ok_or_else(|| format_err!("not a case: {spec}"))?
                    .into(),
            ),
            Type::Option(o) => match spec {
                Value::Null => Val::Option(None),
                some => Val::Option(Some(Box::new(self.arg(some, &o.ty())?))),
            },
            Type::Variant(v) => self.variant_arg(spec, v)?,
            Type::Record(r) if is_image(spec) => {
                let img = self.fixtures.image(spec)?;
                self.huge_turn(img.data.len());
                let mut fields = Vec::new();
                for field in r.fields() {
                    fields.push((
                        field.name.to_owned(),
                        match field.name {
                            "width" => Val::U32(img.width),
                            "height" => Val::U32(img.height),
                            "channels" => Val::U8(img.channels),
                            "data" => Val::List(img.data.iter().map(|&b| Val::U8(b)).collect()),
                            other => bail!("an image fixture has no field {other:?}"),
                        },
                    ));
                }
                Val::Record(fields)
            }
            Type::Record(r) => {
                let mut fields = Vec::new();
                for field in r.fields() {
                    let value = spec.get(field.name).unwrap_or(&Value::Null);
                    fields.push((field.name.to_owned(), self.arg(value, &field.ty)?));
                }
                Val::Record(fields)
            }
            Type::List(l) if matches!(l.ty(), Type::U8) && !spec.is_array() => Val::List(
                self.fixtures
                    .bytes(spec)?
                    .into_iter()
                    .map(Val::U8)
                    .collect(),
            ),
            Type::List(l) => self.list_arg(spec, &l.ty())?,
            Type::Own(ty) => Val::Resource(match spec {
                Value::String(name) => self.handles.take(name)?,
                value => self.make(*ty, value)?,
            }),
            Type::Borrow(_) => {
                let name = spec
                    .as_str()
                    .ok_or_else(|| format_err!("a borrow names a bound resource: {spec}"))?;
                Val::Resource(self.handles.get(name)?)
            }
            other => bail!("the runner has no JSON form for {other:?}"),
        })
    }

    /// A variant: "case", or {"case": payload}.
    fn variant_arg(
        &mut self,
        spec: &Value,
        v: &wasmtime::component::types::Variant,
    ) -> Result<Val> {
        let (case, payload) = match spec {
            Value::String(case) => (case.as_str(), None),
            Value::Object(o) if o.len() == 1 => o
                .iter()
                .next()
                .map(|(k, v)| (k.as_str(), Some(v)))
                .unwrap_or_default(),
            other => bail!("not a variant case: {other}"),
        };
        let Some(found) = v.cases().find(|c| c.name == case) else {
            bail!("no case {case:?}");
        };
        let payload = match (found.ty, payload) {
            (Some(ty), Some(p)) => Some(Box::new(self.arg(p, &ty)?)),
            (None, _) => None,
            (Some(_), None) => bail!("case {case:?} needs a value"),
        };
        Ok(Val::Variant(case.to_owned(), payload))
    }

    /// A list: its items, or {"repeat": N, "image": ITEM} for N copies.
    fn list_arg(&mut self, spec: &Value, item: &Type) -> Result<Val> {
        if let Some(count) = spec.get("repeat").and_then(Value::as_u64) {
            let one = spec
                .as_object()
                .and_then(|o| o.iter().find(|(k, _)| *k != "repeat"))
                .map(|(_, v)| v);
            let one = self.arg(
                one.ok_or_else(|| format_err!("nothing to repeat: {spec}"))?,
                item,
            )?;
            Ok(Val::List(vec![one; usize::try_from(count)?]))
        } else {
            let items = spec
                .as_array()
                .ok_or_else(|| format_err!("not a list: {spec}"))?;
            let items = items.iter().map(|s| self.arg(s, item));
            Ok(Val::List(items.collect::<Result<_>>()?))
        }
    }

    fn huge_turn(&mut self, len: usize) {
        if len >= HUGE && self.handles.huge.is_none() {
            self.handles.huge = Some(
                HUGE_TURN
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
            );
        }
    }

    /// A resource made from a value, for an argument that moves it: by the
    /// resource's constructor (`task`: its arguments), else by its
    /// `from-image` (`frame`: an image).
    fn make(&mut self, ty: ResourceType, spec: &Value) -> Result<ResourceAny> {
        let name = self
            .instance
            .resource_name(ty)
            .ok_or_else(|| format_err!("an unknown resource type"))?;
        let made = if self.instance.export(self.interface, &name).is_some() {
            self.invoke(&name, spec)?
        } else {
            match self.invoke(&format!("{name}.from-image"), &json!({ "img": spec }))? {
                Some(Val::Result(Ok(Some(v)))) => Some(*v),
                other => bail!("the argument's image is no {name}: {other:?}"),
            }
        };
        match made {
            Some(Val::Resource(handle)) => Ok(handle),
            other => bail!("made no {name}: {other:?}"),
        }
    }

    /// A result as JSON; a resource it returns becomes the runner's, bound
    /// to the step's `bind` name.
    fn observe(&mut self, value: Val) -> Value {
        match value {
            Val::Bool(b) => json!(b),
            Val::U8(n) => json!(n),
            Val::U16(n) => json!(n),
            Val::U32(n) => json!(n),
            Val::U64(n) => json!(n),
            Val::S32(n) => json!(n),
            Val::Float32(n) => json!(n),
            Val::Float64(n) => json!(n),
            Val::String(s) | Val::Enum(s) => json!(s),
            Val::Option(None) => Value::Null,
            Val::Option(Some(v)) => json!({ "some": self.observe(*v) }),
            Val::Result(Ok(v)) => json!({ "ok": v.map_or(Value::Null, |v| self.observe(*v)) }),
            Val::Result(Err(v)) => json!({ "err": v.map_or(Value::Null, |v| self.observe(*v)) }),
            Val::Variant(case, v) => json!({ case: v.map_or(Value::Null, |v| self.observe(*v)) }),
            Val::List(items)
                if items.iter().all(|v| matches!(v, Val::U8(_))) && !items.is_empty() =>
            {
                bytes_json(&bytes(&items))
            }
            Val::List(items) => Value::Array(items.into_iter().map(|v| self.observe(v)).collect()),
            Val::Record(fields) => {
                let mut out = serde_json::Map::new();
                for (name, value) in fields {
                    // An image's pixels: their digest (and the samples, when
                    // small) beside the dimensions, not a field of their own.
                    if let (Val::List(items), "data") = (&value, name.as_str()) {
                        if let Value::Object(digest) = bytes_json(&bytes(items)) {
                            out.extend(digest.into_iter().filter(|(k, _)| k != "len"));
                        }
                        continue;
                    }
                    out.insert(name, self.observe(value));
                }
                Value::Object(out)
            }
            Val::Resource(handle) => {
                let name = self.instance.resource_name(handle.ty()).unwrap_or_default();
                self.handles.bind(self.bind, handle);
                json!({ "resource": name })
            }
            other => json!(format!("{other:?}")),
        }
    }
}

/// An image argument: a `.pixels` fixture or a synthetic fill.
fn is_image(spec: &Value) -> bool {
    spec.get("fixture").is_some() || spec.get("fill").is_some()
}

fn bytes(items: &[Val]) -> Vec<u8> {
    items
        .iter()
        .filter_map(|v| if let Val::U8(b) = v { Some(*b) } else { None })
        .collect()
}

fn int(spec: &Value) -> Result<u64> {
    spec.as_u64()
        .ok_or_else(|| format_err!("not an unsigned integer: {spec}"))
}

/// A JSON number, or "NaN", "inf", "-inf" (JSON has no such numbers). JSON
/// numbers are f64: an f32 parameter carries the nearest f32, as in JS.
fn float(spec: &Value) -> Result<f64> {
    Ok(match spec {
        Value::String(s) => match s.as_str() {
            "NaN" => f64::NAN,
            "inf" => f64::INFINITY,
            "-inf" => f64::NEG_INFINITY,
            other => bail!("bad float {other:?}"),
        },
        v => v.as_f64().ok_or_else(|| format_err!("not a number: {v}"))?,
    })
}
