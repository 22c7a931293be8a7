/* affectengine.h - C ABI of AffectEngine (libaffectengine.so, NativeAOT).
 *
 * Every function except ae_world_destroy, ae_api_version and ae_last_error returns an ae_status.
 * On failure, ae_last_error() gives a UTF-8 message for the calling thread. Worlds are opaque
 * handles; destroy each exactly once. A world is not thread-safe: drive it from one thread.
 * Agents are 64-bit handles (slot | generation << 32); a removed agent's handle stays invalid.
 */
#ifndef AFFECTENGINE_H
#define AFFECTENGINE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ae_status {
    AE_OK = 0,
    AE_INVALID_ARGUMENT = 1, /* bad value, NULL pointer, malformed options JSON */
    AE_INVALID_HANDLE = 2,   /* NULL/foreign world handle, dead agent */
    AE_BUFFER_TOO_SMALL = 3, /* the size out-parameter says how much is needed */
    AE_INVALID_DATA = 4,     /* a snapshot that does not fit this world */
    AE_INTERNAL = 5
} ae_status;

typedef struct ae_world ae_world;
typedef int64_t ae_agent;

/* Emotion indices (OCC types as in the engine's EmotionType). */
enum {
    AE_JOY = 0, AE_DISTRESS = 1, AE_HOPE = 2, AE_FEAR = 3, AE_SATISFACTION = 4,
    AE_FEARS_CONFIRMED = 5, AE_RELIEF = 6, AE_DISAPPOINTMENT = 7, AE_HAPPY_FOR = 8,
    AE_RESENTMENT = 9, AE_GLOATING = 10, AE_PITY = 11, AE_PRIDE = 12, AE_SHAME = 13,
    AE_ADMIRATION = 14, AE_REPROACH = 15, AE_GRATIFICATION = 16, AE_REMORSE = 17,
    AE_GRATITUDE = 18, AE_ANGER = 19, AE_LOVE = 20, AE_HATE = 21, AE_LIKING = 22, AE_DISLIKING = 23,
    AE_EMOTION_COUNT = 24
};

/* Facial action units written by ae_get_expression, in this order (EMFACS). */
#define AE_ACTION_UNIT_COUNT 14
/* AU 1, 2, 4, 5, 6, 7, 9, 12, 14, 15, 16, 20, 23, 26 */

/* major * 1000 + minor of the engine's plugin/ABI contract. */
int ae_api_version(void);

/* Copies the last error of this thread (NUL-terminated); returns its length in bytes. */
int ae_last_error(char *buffer, int capacity);

/* options_json: {"seed":42,"step":0.1,"threads":1,"capacity":64,"events":true,"actionUnits":"onRead"}, every
 * field optional; NULL = defaults. "events": false turns off the affect events (threshold, dominant, octant) of
 * ae_poll_events. "actionUnits": "onRead" (default) computes an agent's facial action units when ae_get_expression
 * reads them; "perTick" stores every agent's every tick (the default before record format 3: load older saves so). */
int ae_world_create(const char *options_json, ae_world **world);
/* A scenario document (the JSON that `affect run` reads): agents created, events scheduled, event
 * generators firing as in `affect run` (event files resolve against the working directory).
 * Errors (AE_INVALID_DATA) name line, column and JSON path. */
int ae_world_create_scenario(const char *scenario_json, ae_world **world);
void ae_world_destroy(ae_world *world);

int ae_agent_add(ae_world *world, const char *name, ae_agent *agent);
/* Looks up an agent by name (e.g. a scenario's agent id). */
int ae_agent_find(ae_world *world, const char *name, ae_agent *agent);
/* OCEAN traits, each in [-1, 1]; also sets the default and current mood (Mehrabian 1996). */
int ae_agent_set_personality(ae_world *world, ae_agent agent, float o, float c, float e, float a, float n);
/* Elicits an emotion with intensity in [0, 1]; applied at the next tick. */
int ae_elicit(ae_world *world, ae_agent agent, int emotion, float intensity);

/* Removes an agent (between steps); its handle becomes invalid (AE_INVALID_HANDLE) and a later
 * agent may reuse its slot with a new generation. */
int ae_agent_remove(ae_world *world, ae_agent agent);

/* What an agent cares about (OCC appraisal): goals with a utility in [-1, 1], standards saying how
 * praiseworthy (-1 blameworthy .. 1) an action is, attitudes (appeal of an object, -1 .. 1), and
 * how much it likes another agent (-1 .. 1). Names are UTF-8 and shared across agents. */
int ae_goal_declare(ae_world *world, ae_agent agent, const char *goal, float utility);
int ae_standard_declare(ae_world *world, ae_agent agent, const char *action, float praiseworthiness);
int ae_attitude_declare(ae_world *world, ae_agent agent, const char *object, float appeal);
int ae_relation_set(ae_world *world, ae_agent agent, ae_agent other, float liking);

/* One effect of an event on a goal: congruence -1 (thwarts) .. 1 (serves), likelihood 0 .. 1
 * (1 = it happened; less = a prospect: hope/fear until a later event settles it). */
typedef struct ae_goal_effect {
    ae_agent owner;
    const char *goal;
    float congruence;
    float likelihood;
} ae_goal_effect;

/* An appraisable event: an action by an actor (0 = none) on targets, seen by witnesses, with
 * effects on goals. Arrays may be NULL when their count is 0. */
typedef struct ae_event_desc {
    const char *action;          /* judged against the standards of those who see it; NULL = none */
    ae_agent actor;
    const ae_agent *targets;
    int target_count;
    const ae_agent *witnesses;
    int witness_count;
    const ae_goal_effect *effects;
    int effect_count;
} ae_event_desc;

/* Schedules the event for the next tick (it is part of the run: hashed, deterministic). */
int ae_event(ae_world *world, const ae_event_desc *desc);

/* ae_event with controllability (EMA's coping potential: how far an owner can change an outcome,
 * 0 .. 1). With a scenario's behaviours.coping, a threat of controllability >= 0.5 is met with
 * problem-focused coping, a lower one with emotion-focused coping (docs/behaviour.md); without a
 * value, the owner's coping.agents[].controllability or its personality default applies.
 *
 * Versioned by size: set size = sizeof(ae_event_desc_ex) and effect_size = sizeof(ae_goal_effect_ex).
 * A later header may append fields (and grow these sizes); a library refuses sizes it does not know
 * (AE_INVALID_ARGUMENT, naming the size it expects) rather than read past or ignore fields. Zeroed
 * flags mean "not given" (a zeroed struct does not say "uncontrollable"). ae_event and its structs
 * are unchanged: ae_event_ex with no flags set schedules the very same event. */
#define AE_HAS_CONTROLLABILITY 0x1u

/* ae_goal_effect's fields first, then controllability for this effect's owner; it takes precedence
 * over the event's. */
typedef struct ae_goal_effect_ex {
    ae_agent owner;
    const char *goal;
    float congruence;
    float likelihood;
    uint32_t flags;          /* AE_HAS_CONTROLLABILITY: controllability is given */
    float controllability;   /* 0 .. 1 */
} ae_goal_effect_ex;

typedef struct ae_event_desc_ex {
    uint32_t size;           /* sizeof(ae_event_desc_ex) */
    uint32_t effect_size;    /* sizeof(ae_goal_effect_ex) */
    const char *action;
    ae_agent actor;
    const ae_agent *targets;
    int target_count;
    const ae_agent *witnesses;
    int witness_count;
    const ae_goal_effect_ex *effects;
    int effect_count;
    uint32_t flags;          /* AE_HAS_CONTROLLABILITY: controllability is given */
    float controllability;   /* 0 .. 1, for every effect that hurts a goal and gives none of its own */
} ae_event_desc_ex;

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(void *) != 8 || sizeof(ae_goal_effect_ex) == 32, "ae_goal_effect_ex is 32 bytes on 64-bit hosts");
_Static_assert(sizeof(void *) != 8 || sizeof(ae_event_desc_ex) == 80, "ae_event_desc_ex is 80 bytes on 64-bit hosts");
#endif

int ae_event_ex(ae_world *world, const ae_event_desc_ex *desc);

int ae_step(ae_world *world, int ticks);
int ae_tick(ae_world *world, int64_t *tick);

int ae_get_mood(ae_world *world, ae_agent agent, float pad[3]);
int ae_get_emotion(ae_world *world, ae_agent agent, int emotion, float *intensity);
/* dominant: emotion index or -1; action_units: capacity >= AE_ACTION_UNIT_COUNT. */
int ae_get_expression(ae_world *world, ae_agent agent, int *dominant, float *action_units, int capacity);

/* Bulk reads, slot by slot (slot = the low 32 bits of an agent handle; empty slots read 0):
 * *slots receives the slot count; the buffer needs slots * 3 (moods: P, A, D) or
 * slots * AE_EMOTION_COUNT floats, else AE_BUFFER_TOO_SMALL (call with NULL to learn *slots). */
int ae_get_moods(ae_world *world, float *pad, int capacity, int *slots);
int ae_get_emotions(ae_world *world, float *intensities, int capacity, int *slots);

/* Engine events (kind numbers are fixed; see docs/architecture.md). */
enum {
    AE_EVENT_EMOTION_ROSE = 1,        /* code: emotion; from: up threshold; to: intensity */
    AE_EVENT_EMOTION_FELL = 2,        /* code: emotion; from: down threshold; to: intensity */
    AE_EVENT_DOMINANT_CHANGED = 3,    /* code: new dominant emotion or -1; from/to: old/new */
    AE_EVENT_MOOD_OCTANT_CHANGED = 4, /* code: new octant (bit 0 P>=0, bit 1 A>=0, bit 2 D>=0) */
    AE_EVENT_ACTION_CHOSEN = 5,       /* code: action; other: target */
    AE_EVENT_COPING_APPLIED = 6,      /* code: strategy; detail: goal or belief; from/to: value */
    AE_EVENT_BREAK_STARTED = 7,
    AE_EVENT_BREAK_ENDED = 8
};

/* Codes of AE_EVENT_COPING_APPLIED (the engine's CopingStrategy). */
enum {
    AE_COPING_PROBLEM_FOCUSED = 1, AE_COPING_SEEK_SUPPORT = 2, AE_COPING_POSITIVE_REAPPRAISAL = 3,
    AE_COPING_WISHFUL_THINKING = 4, AE_COPING_DISTANCING = 5, AE_COPING_SHIFTING_BLAME = 6
};

/* 48 bytes, the engine's own layout (little-endian hosts: an ae_agent is slot | generation << 32). */
typedef struct ae_engine_event {
    int64_t tick;
    ae_agent agent;
    int32_t kind;
    int32_t code;
    float from;
    float to;
    ae_agent other;    /* 0 when no other agent is involved */
    int32_t detail;
    int32_t reserved;
} ae_engine_event;

#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
_Static_assert(sizeof(ae_engine_event) == 48, "ae_engine_event must match the engine's 48-byte EngineEvent");
#endif

/* Moves up to capacity events that happened since the last poll (all ticks stepped since), oldest
 * first, into buffer; *count receives how many. Those that did not fit stay for the next call. */
int ae_poll_events(ae_world *world, ae_engine_event *buffer, int capacity, int *count);

/* State hash (xxHash64 of the canonical state): equal hashes = identical worlds. */
int ae_hash(ae_world *world, uint64_t *hash);
/* Call with buffer NULL to learn the size (returns AE_BUFFER_TOO_SMALL and sets *size). */
int ae_snapshot_save(ae_world *world, uint8_t *buffer, int capacity, int *size);
int ae_snapshot_load(ae_world *world, const uint8_t *buffer, int length);

#ifdef __cplusplus
}
#endif
#endif
