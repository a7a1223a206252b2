// The Node-API face of the op library. Loading it (process.dlopen, from
// src/kernels/tensorflow/native_library.ts) registers the ops with the
// TensorFlow that @tensorflow/tfjs-node already loaded; tfjs-node's binding
// then runs them by name. The functions here only report and tune:
//   opNames                      the registered op names
//   tfVersion, builtForTfVersion TF_Version() now, and of the library it was compiled against
//   callCounts()                 {opName: kernel runs so far}, to prove which path ran
//   getParallelism()             {threads, minElementsPerPart}
//   setParallelism(threads, minElementsPerPart)   (≤ 0 keeps a value)
//   inferShapes(opName, inputShapes, attrs)       TensorFlow's shape inference for one
//                                op in a graph: input shapes are arrays (−1: unknown
//                                dimension) or null (unknown rank); returns the output's.
#define NAPI_VERSION 8
#include <node_api.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ops.h"
#include "tensorflow/c/c_api.h"
#include "worker_pool.h"

#ifndef TFJS_SMELU_BUILT_FOR_TF_VERSION
#define TFJS_SMELU_BUILT_FOR_TF_VERSION "unknown"
#endif

namespace tfjs_smelu {
namespace {

// Throws a JS Error with `message` unless `status` is napi_ok; returns whether it was.
bool Check(napi_env env, napi_status status, const char* message) {
  if (status == napi_ok) return true;
  bool pending = false;
  napi_is_exception_pending(env, &pending);
  if (!pending) napi_throw_error(env, nullptr, message);
  return false;
}

napi_value Number(napi_env env, double value) {
  napi_value result;
  napi_create_double(env, value, &result);
  return result;
}

napi_value String(napi_env env, const std::string& value) {
  napi_value result;
  napi_create_string_utf8(env, value.c_str(), value.size(), &result);
  return result;
}

napi_value CallCountsJs(napi_env env, napi_callback_info) {
  napi_value result;
  napi_create_object(env, &result);
  const std::vector<uint64_t> counts = CallCounts();
  for (size_t i = 0; i < counts.size(); ++i) {
    napi_set_named_property(env, result, OpNames()[i].c_str(), Number(env, static_cast<double>(counts[i])));
  }
  return result;
}

napi_value GetParallelismJs(napi_env env, napi_callback_info) {
  const Parallelism p = GetParallelism();
  napi_value result;
  napi_create_object(env, &result);
  napi_set_named_property(env, result, "threads", Number(env, p.threads));
  napi_set_named_property(env, result, "minElementsPerPart", Number(env, static_cast<double>(p.min_elements_per_part)));
  return result;
}

napi_value SetParallelismJs(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  if (!Check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "setParallelism: bad call")) {
    return nullptr;
  }
  double threads = 0, min_elements = 0;
  if (argc < 2 ||
      !Check(env, napi_get_value_double(env, argv[0], &threads), "setParallelism: threads must be a number") ||
      !Check(env, napi_get_value_double(env, argv[1], &min_elements),
             "setParallelism: minElementsPerPart must be a number")) {
    if (argc < 2) napi_throw_error(env, nullptr, "setParallelism(threads, minElementsPerPart) needs 2 numbers");
    return nullptr;
  }
  SetParallelism(static_cast<int>(threads), static_cast<int64_t>(min_elements));
  return GetParallelismJs(env, info);
}

// Reads a JS array of numbers; false (with a JS exception) if it is not one.
bool ReadNumbers(napi_env env, napi_value array, std::vector<int64_t>* out) {
  uint32_t length = 0;
  if (!Check(env, napi_get_array_length(env, array, &length), "expected an array of numbers")) return false;
  out->resize(length);
  for (uint32_t i = 0; i < length; ++i) {
    napi_value element;
    double value;
    if (!Check(env, napi_get_element(env, array, i, &element), "expected an array of numbers") ||
        !Check(env, napi_get_value_double(env, element, &value), "expected an array of numbers")) {
      return false;
    }
    (*out)[i] = static_cast<int64_t>(value);
  }
  return true;
}

napi_value InferShapesJs(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  if (!Check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "inferShapes: bad call")) return nullptr;
  if (argc < 2) {
    napi_throw_error(env, nullptr, "inferShapes(opName, inputShapes, attrs?) needs at least 2 arguments");
    return nullptr;
  }
  char op_name[128];
  size_t op_name_length = 0;
  if (!Check(env, napi_get_value_string_utf8(env, argv[0], op_name, sizeof(op_name), &op_name_length),
             "inferShapes: opName must be a string")) {
    return nullptr;
  }
  uint32_t input_count = 0;
  if (!Check(env, napi_get_array_length(env, argv[1], &input_count), "inferShapes: inputShapes must be an array")) {
    return nullptr;
  }
  int64_t axis = 0;
  std::vector<float> beta = {1.0f};
  if (argc >= 3) {
    napi_valuetype type;
    napi_typeof(env, argv[2], &type);
    if (type == napi_object) {
      bool has = false;
      napi_has_named_property(env, argv[2], "axis", &has);
      if (has) {
        napi_value value;
        double number = 0;
        napi_get_named_property(env, argv[2], "axis", &value);
        if (!Check(env, napi_get_value_double(env, value, &number), "inferShapes: attrs.axis must be a number")) {
          return nullptr;
        }
        axis = static_cast<int64_t>(number);
      }
    }
  }

  TF_Graph* graph = TF_NewGraph();
  TF_Status* status = TF_NewStatus();
  napi_value result = nullptr;
  std::string error;
  std::vector<TF_Output> inputs;
  for (uint32_t i = 0; i < input_count && error.empty(); ++i) {
    napi_value shape_value;
    napi_get_element(env, argv[1], i, &shape_value);
    napi_valuetype type;
    napi_typeof(env, shape_value, &type);
    TF_OperationDescription* placeholder = TF_NewOperation(graph, "Placeholder", ("input" + std::to_string(i)).c_str());
    TF_SetAttrType(placeholder, "dtype", TF_FLOAT);
    if (type != napi_null && type != napi_undefined) {
      std::vector<int64_t> dims;
      if (!ReadNumbers(env, shape_value, &dims)) {
        error = "-";  // JS exception already pending
        TF_DeleteGraph(graph);
        TF_DeleteStatus(status);
        return nullptr;
      }
      TF_SetAttrShape(placeholder, "shape", dims.data(), static_cast<int>(dims.size()));
    }
    TF_Operation* op = TF_FinishOperation(placeholder, status);
    if (TF_GetCode(status) != TF_OK) {
      error = TF_Message(status);
    } else {
      inputs.push_back(TF_Output{op, 0});
    }
  }
  if (error.empty()) {
    TF_OperationDescription* description = TF_NewOperation(graph, op_name, "op");
    const std::string name(op_name);
    if (name.rfind("TfjsSmeLU", 0) == 0) {
      for (const TF_Output& input : inputs) TF_AddInput(description, input);
      TF_SetAttrFloatList(description, "beta", beta.data(), static_cast<int>(beta.size()));
    } else {
      // g-SmeLU: x (and dy, and a gradient's target) one by one, then every
      // further input as the `params` list, all tensors (ops.h).
      const size_t fixed = name == "TfjsGeneralizedSmeLU" ? 1 : name == "TfjsGeneralizedSmeLUGradX" ? 2 : 3;
      const size_t first_param = std::min(fixed, inputs.size());
      for (size_t i = 0; i < first_param; ++i) TF_AddInput(description, inputs[i]);
      std::vector<TF_Output> params(inputs.begin() + first_param, inputs.end());
      TF_AddInputList(description, params.data(), static_cast<int>(params.size()));
      const float values[5] = {1, 1, 0, 1, 0};
      TF_SetAttrInt(description, "axis", axis);
      TF_SetAttrInt(description, "N", static_cast<int64_t>(params.size()));
      TF_SetAttrFloatList(description, "param_values", values, 5);
      TF_SetAttrInt(description, "tensor_param_mask", (int64_t{1} << std::min<size_t>(params.size(), 5)) - 1);
    }
    TF_Operation* op = TF_FinishOperation(description, status);
    if (TF_GetCode(status) != TF_OK) {
      error = TF_Message(status);
    } else {
      const TF_Output output{op, 0};
      const int rank = TF_GraphGetTensorNumDims(graph, output, status);
      if (TF_GetCode(status) != TF_OK) {
        error = TF_Message(status);
      } else if (rank < 0) {
        napi_get_null(env, &result);
      } else {
        std::vector<int64_t> dims(static_cast<size_t>(rank));
        TF_GraphGetTensorShape(graph, output, dims.data(), rank, status);
        if (TF_GetCode(status) != TF_OK) {
          error = TF_Message(status);
        } else {
          napi_create_array_with_length(env, dims.size(), &result);
          for (size_t i = 0; i < dims.size(); ++i) {
            napi_set_element(env, result, static_cast<uint32_t>(i), Number(env, static_cast<double>(dims[i])));
          }
        }
      }
    }
  }
  TF_DeleteGraph(graph);
  TF_DeleteStatus(status);
  if (!error.empty()) {
    napi_throw_error(env, nullptr, error.c_str());
    return nullptr;
  }
  return result;
}

void AddFunction(napi_env env, napi_value exports, const char* name, napi_callback fn) {
  napi_value function;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, nullptr, &function);
  napi_set_named_property(env, exports, name, function);
}

}  // namespace
}  // namespace tfjs_smelu

NAPI_MODULE_INIT() {
  using namespace tfjs_smelu;
  const std::string error = RegisterOps();
  if (!error.empty()) {
    napi_throw_error(env, nullptr, ("tfjs-smelu native ops: registration failed: " + error).c_str());
    return nullptr;
  }
  napi_value names;
  napi_create_array_with_length(env, OpNames().size(), &names);
  for (size_t i = 0; i < OpNames().size(); ++i) {
    napi_set_element(env, names, static_cast<uint32_t>(i), String(env, OpNames()[i]));
  }
  napi_set_named_property(env, exports, "opNames", names);
  napi_set_named_property(env, exports, "tfVersion", String(env, TF_Version()));
  napi_set_named_property(env, exports, "builtForTfVersion", String(env, TFJS_SMELU_BUILT_FOR_TF_VERSION));
  napi_set_named_property(env, exports, "abiVersion", Number(env, kOpsAbiVersion));
  AddFunction(env, exports, "callCounts", CallCountsJs);
  AddFunction(env, exports, "getParallelism", GetParallelismJs);
  AddFunction(env, exports, "setParallelism", SetParallelismJs);
  AddFunction(env, exports, "inferShapes", InferShapesJs);
  return exports;
}
