"""The vision half of the tiny model: a LLaVA checkpoint around the tiny llama, for mlx-vlm.

`llava(...)` turns the tiny llama's config and weights into a LLaVA model (mlx-vlm's
`llava` architecture): a small CLIP vision tower (56x56 pixels, 14-pixel patches: 16
image tokens per image), a two-layer projector, and the llama as its language model. It
also gives the two processor files transformers' `AutoProcessor` (mlx-vlm's
`LlavaProcessor` with a CLIP image processor, the PIL one: no torch) reads.

Numpy only, seeded: same seed, same bytes. The weights are noise like the text model's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

IMAGE_SIZE = 56
PATCH_SIZE = 14
VISION_HIDDEN = 64
VISION_LAYERS = 2
VISION_INTERMEDIATE = 128
VISION_HEADS = 4
IMAGE_TOKENS = (IMAGE_SIZE // PATCH_SIZE) ** 2  # the CLS position is dropped ("default" strategy)

# CLIP's normalisation constants (what CLIP checkpoints ship in preprocessor_config.json).
CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


def llava(
    text_config: dict[str, Any],
    text_weights: dict[str, np.ndarray],
    image_token_id: int,
    normal: Callable[..., np.ndarray],
) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, Any], dict[str, Any]]:
    """(config.json, weights, preprocessor_config.json, processor_config.json) of the LLaVA model."""
    hidden = text_config["hidden_size"]
    vh, vi = VISION_HIDDEN, VISION_INTERMEDIATE
    n_pos = IMAGE_TOKENS + 1
    w: dict[str, np.ndarray] = {f"language_model.{k}": v for k, v in text_weights.items()}
    v = "vision_tower.vision_model."
    w[v + "embeddings.class_embedding"] = normal(vh, std=1.0)
    w[v + "embeddings.patch_embedding.weight"] = normal(vh, PATCH_SIZE, PATCH_SIZE, 3, std=(3 * PATCH_SIZE**2) ** -0.5)
    w[v + "embeddings.position_embedding.weight"] = normal(n_pos, vh, std=1.0)
    for name in ("pre_layrnorm", "post_layernorm"):
        w[v + f"{name}.weight"] = np.ones(vh, dtype=np.float32)
        w[v + f"{name}.bias"] = np.zeros(vh, dtype=np.float32)
    for i in range(VISION_LAYERS):
        p = f"{v}encoder.layers.{i}."
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            w[p + f"self_attn.{proj}.weight"] = normal(vh, vh, std=vh**-0.5)
            w[p + f"self_attn.{proj}.bias"] = np.zeros(vh, dtype=np.float32)
        for norm in ("layer_norm1", "layer_norm2"):
            w[p + f"{norm}.weight"] = np.ones(vh, dtype=np.float32)
            w[p + f"{norm}.bias"] = np.zeros(vh, dtype=np.float32)
        w[p + "mlp.fc1.weight"] = normal(vi, vh, std=vh**-0.5)
        w[p + "mlp.fc1.bias"] = np.zeros(vi, dtype=np.float32)
        w[p + "mlp.fc2.weight"] = normal(vh, vi, std=vi**-0.5)
        w[p + "mlp.fc2.bias"] = np.zeros(vh, dtype=np.float32)
    w["multi_modal_projector.linear_1.weight"] = normal(hidden, vh, std=vh**-0.5)
    w["multi_modal_projector.linear_1.bias"] = np.zeros(hidden, dtype=np.float32)
    w["multi_modal_projector.linear_2.weight"] = normal(hidden, hidden, std=hidden**-0.5)
    w["multi_modal_projector.linear_2.bias"] = np.zeros(hidden, dtype=np.float32)

    text = {k: val for k, val in text_config.items() if k not in ("architectures", "torch_dtype")}
    config = {
        "architectures": ["LlavaForConditionalGeneration"],
        "model_type": "llava",
        "image_token_index": image_token_id,
        "vision_feature_select_strategy": "default",
        "vision_feature_layer": -2,
        "vocab_size": text_config["vocab_size"],
        "eos_token_id": text_config["eos_token_id"],
        "max_position_embeddings": text_config["max_position_embeddings"],
        "text_config": text,
        "vision_config": {
            "model_type": "clip_vision_model",
            "num_hidden_layers": VISION_LAYERS,
            "hidden_size": vh,
            "intermediate_size": vi,
            "num_attention_heads": VISION_HEADS,
            "image_size": IMAGE_SIZE,
            "patch_size": PATCH_SIZE,
            "projection_dim": vh,
            "num_channels": 3,
            "layer_norm_eps": 1e-5,
        },
        "torch_dtype": text_config.get("torch_dtype", "float32"),
    }
    preprocessor = {
        "image_processor_type": "CLIPImageProcessor",
        "processor_class": "LlavaProcessor",
        "do_resize": True,
        "size": {"shortest_edge": IMAGE_SIZE},
        "do_center_crop": True,
        "crop_size": {"height": IMAGE_SIZE, "width": IMAGE_SIZE},
        "do_rescale": True,
        "rescale_factor": 1 / 255,
        "do_normalize": True,
        "image_mean": CLIP_MEAN,
        "image_std": CLIP_STD,
        "do_convert_rgb": True,
        "resample": 3,
    }
    processor = {
        "processor_class": "LlavaProcessor",
        "patch_size": PATCH_SIZE,
        "vision_feature_select_strategy": "default",
        "image_token": "<image>",
        "num_additional_image_tokens": 1,
    }
    return config, w, preprocessor, processor
