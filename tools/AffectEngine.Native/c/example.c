/* A native game loop driving AffectEngine through its C ABI: create a world, add two NPCs, feed
 * game events as elicited emotions, read mood and expression each frame, save and restore a
 * snapshot and check the restored world continues bit-identically (same hash). Then an NPC that is
 * insulted and reacts: the game declares what the guard cares about, sends the insult as an
 * appraisable event, polls the engine's events and answers the guard's anger with a shove. Then a
 * theft said to be controllable or not (ae_event_ex), met with problem- or emotion-focused coping.
 * Build: gcc -std=c11 -Wall -Wextra -Werror example.c -I. -L<dir> -laffectengine -Wl,-rpath,<dir> */
#include <stdio.h>
#include <stdlib.h>
#include "affectengine.h"

#define CHECK(call)                                                          \
    do {                                                                     \
        int rc_ = (call);                                                    \
        if (rc_ != AE_OK) {                                                  \
            char msg_[512];                                                  \
            ae_last_error(msg_, (int)sizeof msg_);                           \
            fprintf(stderr, "%s failed (%d): %s\n", #call, rc_, msg_);       \
            return 1;                                                        \
        }                                                                    \
    } while (0)

static const char *emotion_name(int e) {
    static const char *names[AE_EMOTION_COUNT] = {
        "joy", "distress", "hope", "fear", "satisfaction", "fears-confirmed", "relief", "disappointment",
        "happy-for", "resentment", "gloating", "pity", "pride", "shame", "admiration", "reproach",
        "gratification", "remorse", "gratitude", "anger", "love", "hate", "liking", "disliking"};
    return e >= 0 && e < AE_EMOTION_COUNT ? names[e] : "none";
}

static int insulted_npc(void) {
    ae_world *inn = NULL;
    ae_agent player, npc;
    CHECK(ae_world_create("{\"seed\": 7, \"step\": 0.1}", &inn));
    CHECK(ae_agent_add(inn, "player", &player));
    CHECK(ae_agent_add(inn, "guard", &npc));
    CHECK(ae_agent_set_personality(inn, npc, -0.2f, 0.6f, 0.1f, -0.4f, 0.5f));
    CHECK(ae_goal_declare(inn, npc, "keep-face", 0.9f));
    CHECK(ae_standard_declare(inn, npc, "insult", -0.9f));
    CHECK(ae_attitude_declare(inn, npc, "ale", 0.6f));
    CHECK(ae_relation_set(inn, npc, player, -0.2f));
    CHECK(ae_goal_declare(inn, player, "stay-unhurt", 0.9f));
    CHECK(ae_standard_declare(inn, player, "shove", -0.8f));
    CHECK(ae_step(inn, 5));

    /* The player insults the guard: blameworthy by the guard's standards, and it costs him face. */
    ae_goal_effect face = {npc, "keep-face", -1.0f, 1.0f};
    ae_event_desc insult = {"insult", player, &npc, 1, NULL, 0, &face, 1};
    CHECK(ae_event(inn, &insult));

    int shoved = 0, player_reacted = 0;
    ae_engine_event events[8]; /* small on purpose: what does not fit waits for the next poll */
    for (int frame = 0; frame < 60; frame++) {
        CHECK(ae_step(inn, 1));
        int n = 0;
        do {
            CHECK(ae_poll_events(inn, events, 8, &n));
            for (int i = 0; i < n; i++) {
                const ae_engine_event *e = &events[i];
                const char *who = e->agent == npc ? "guard" : "player";
                if (e->kind == AE_EVENT_EMOTION_ROSE)
                    printf("tick %lld %s: %s rose to %.2f\n", (long long)e->tick, who, emotion_name(e->code), e->to);
                if (e->kind == AE_EVENT_DOMINANT_CHANGED)
                    printf("tick %lld %s: now dominated by %s\n", (long long)e->tick, who, emotion_name(e->code));
                if (e->agent == npc && e->kind == AE_EVENT_EMOTION_ROSE && e->code == AE_ANGER && !shoved) {
                    /* The game's reaction to a furious guard: he shoves the player. */
                    printf("guard shoves the player\n");
                    ae_goal_effect hurt = {player, "stay-unhurt", -0.8f, 1.0f};
                    ae_event_desc shove = {"shove", npc, &player, 1, NULL, 0, &hurt, 1};
                    CHECK(ae_event(inn, &shove));
                    shoved = 1;
                }
                if (e->agent == player && e->kind == AE_EVENT_EMOTION_ROSE) player_reacted = 1;
            }
        } while (n == 8);
    }
    if (!shoved || !player_reacted) { fprintf(stderr, "the insult did not escalate\n"); return 1; }

    /* Bulk reads for a renderer: every slot's mood and emotions in one call each. */
    int slots = 0;
    if (ae_get_moods(inn, NULL, 0, &slots) != AE_BUFFER_TOO_SMALL || slots != 2) return 1;
    float moods[2 * 3], emotions[2 * AE_EMOTION_COUNT], anger;
    CHECK(ae_get_moods(inn, moods, 2 * 3, &slots));
    CHECK(ae_get_emotions(inn, emotions, 2 * AE_EMOTION_COUNT, &slots));
    CHECK(ae_get_emotion(inn, npc, AE_ANGER, &anger));
    int guard_slot = (int)(npc & 0xffffffff);
    printf("bulk: guard P=%+.3f anger %.3f (single read %.3f)\n", moods[guard_slot * 3],
           emotions[guard_slot * AE_EMOTION_COUNT + AE_ANGER], anger);
    if (emotions[guard_slot * AE_EMOTION_COUNT + AE_ANGER] != anger) return 1;

    /* The player leaves: the handle is dead from now on. */
    CHECK(ae_agent_remove(inn, player));
    float pad[3];
    int rc = ae_get_mood(inn, player, pad);
    printf("removed player -> status %d\n", rc);
    if (rc != AE_INVALID_HANDLE) return 1;
    ae_world_destroy(inn);
    return 0;
}

/* The same theft, said to be controllable or not (ae_event_ex): the victim copes by acting on it or by
 * distancing herself from the goal. Returns the first coping strategy of mara, or -1. */
static int coping_after_theft(int with_controllability, float controllability, uint64_t *hash) {
    ae_world *w = NULL;
    ae_agent mara, bren;
    if (ae_world_create_scenario(
        "{\"name\": \"theft\", \"run\": {\"ticks\": 100, \"step\": \"100ms\", \"seed\": 3},"
        " \"agents\": [{\"id\": \"mara\", \"personality\": {\"o\": 0, \"c\": 0.2, \"e\": 0.1, \"a\": -0.1, \"n\": 0.2},"
        "   \"goals\": [{\"id\": \"keep-purse\", \"utility\": 0.8}]}, {\"id\": \"bren\"}],"
        " \"behaviours\": {\"actions\": [{\"name\": \"confront\", \"agents\": [\"bren\"], \"target\": \"provoker\", \"utility\": 0.1,"
        "   \"when\": {\"emotions\": {\"anger\": {\"min\": 0.2}}}}],"
        "   \"coping\": {\"stressThreshold\": 0.2, \"every\": \"100s\", \"problemAction\": \"confront\"}}}",
        &w) != AE_OK) return -2;
    if (ae_agent_find(w, "mara", &mara) != AE_OK || ae_agent_find(w, "bren", &bren) != AE_OK) return -2;
    if (ae_step(w, 5) != AE_OK) return -2;
    ae_goal_effect_ex loss = {mara, "keep-purse", -0.6f, 1.0f, with_controllability ? AE_HAS_CONTROLLABILITY : 0u, controllability};
    ae_event_desc_ex theft = {sizeof theft, sizeof loss, "steal", bren, &mara, 1, NULL, 0, &loss, 1, 0u, 0.0f};
    if (ae_event_ex(w, &theft) != AE_OK) return -2;
    int strategy = -1;
    ae_engine_event events[16];
    for (int frame = 0; frame < 30 && strategy < 0; frame++) {
        int n = 0;
        if (ae_step(w, 1) != AE_OK) return -2;
        do {
            if (ae_poll_events(w, events, 16, &n) != AE_OK) return -2;
            for (int i = 0; i < n; i++)
                if (events[i].kind == AE_EVENT_COPING_APPLIED && events[i].agent == mara && strategy < 0)
                    strategy = events[i].code;
        } while (n == 16);
    }
    if (ae_hash(w, hash) != AE_OK) return -2;
    ae_world_destroy(w);
    return strategy;
}

static int controllability(void) {
    uint64_t h_high, h_low, h_none;
    int high = coping_after_theft(1, 0.9f, &h_high);
    int low = coping_after_theft(1, 0.1f, &h_low);
    int none = coping_after_theft(0, 0.0f, &h_none);
    printf("coping: controllability 0.9 -> %d, 0.1 -> %d, none -> %d\n", high, low, none);
    if (high != AE_COPING_PROBLEM_FOCUSED || low != AE_COPING_DISTANCING) return 1;

    /* ae_event_ex without flags is ae_event: the same world, the same hash. */
    ae_world *a = NULL, *b = NULL;
    ae_agent pa, pb;
    uint64_t ha, hb;
    CHECK(ae_world_create("{\"seed\": 5}", &a));
    CHECK(ae_world_create("{\"seed\": 5}", &b));
    CHECK(ae_agent_add(a, "pat", &pa));
    CHECK(ae_agent_add(b, "pat", &pb));
    CHECK(ae_goal_declare(a, pa, "sleep", 0.7f));
    CHECK(ae_goal_declare(b, pb, "sleep", 0.7f));
    ae_goal_effect plain = {pa, "sleep", -0.5f, 1.0f};
    ae_event_desc old_desc = {"noise", 0, NULL, 0, NULL, 0, &plain, 1};
    ae_goal_effect_ex plain_ex = {pb, "sleep", -0.5f, 1.0f, 0u, 0.0f};
    ae_event_desc_ex new_desc = {sizeof new_desc, sizeof plain_ex, "noise", 0, NULL, 0, NULL, 0, &plain_ex, 1, 0u, 0.0f};
    CHECK(ae_event(a, &old_desc));
    CHECK(ae_event_ex(b, &new_desc));
    CHECK(ae_step(a, 10));
    CHECK(ae_step(b, 10));
    CHECK(ae_hash(a, &ha));
    CHECK(ae_hash(b, &hb));
    printf("ae_event_ex without controllability %s ae_event\n", ha == hb ? "hashes as" : "DIFFERS from");
    if (ha != hb) return 1;

    /* Out of range, or a size this library does not know: refused with a message, the world untouched. */
    char msg[256];
    plain_ex.flags = AE_HAS_CONTROLLABILITY;
    plain_ex.controllability = 1.5f;
    int rc = ae_event_ex(b, &new_desc);
    ae_last_error(msg, (int)sizeof msg);
    printf("controllability 1.5 -> status %d: %s\n", rc, msg);
    if (rc != AE_INVALID_ARGUMENT) return 1;
    plain_ex.controllability = 0.5f;
    new_desc.size = sizeof new_desc + 8;
    rc = ae_event_ex(b, &new_desc);
    ae_last_error(msg, (int)sizeof msg);
    printf("unknown size -> status %d: %s\n", rc, msg);
    if (rc != AE_INVALID_ARGUMENT) return 1;
    CHECK(ae_step(b, 1));
    CHECK(ae_step(a, 1));
    CHECK(ae_hash(a, &ha));
    CHECK(ae_hash(b, &hb));
    if (ha != hb) { fprintf(stderr, "a refused event changed the world\n"); return 1; }
    ae_world_destroy(a);
    ae_world_destroy(b);
    return 0;
}

int main(void) {
    ae_world *world = NULL;
    ae_agent guard, thief;
    CHECK(ae_world_create("{\"seed\": 42, \"step\": 0.1}", &world));
    CHECK(ae_agent_add(world, "guard", &guard));
    CHECK(ae_agent_add(world, "thief", &thief));
    CHECK(ae_agent_set_personality(world, guard, 0.2f, 0.8f, -0.1f, 0.3f, 0.4f));
    CHECK(ae_agent_set_personality(world, thief, 0.5f, -0.6f, 0.6f, -0.5f, 0.1f));

    for (int frame = 0; frame < 60; frame++) {
        if (frame == 10) { /* game event: the thief is caught */
            CHECK(ae_elicit(world, guard, AE_ANGER, 0.9f));
            CHECK(ae_elicit(world, thief, AE_FEAR, 0.8f));
        }
        CHECK(ae_step(world, 1));
        float pad[3], aus[AE_ACTION_UNIT_COUNT];
        int dominant;
        CHECK(ae_get_mood(world, guard, pad));
        CHECK(ae_get_expression(world, guard, &dominant, aus, AE_ACTION_UNIT_COUNT));
        if (frame % 10 == 1)
            printf("frame %2d guard mood P=%+.3f A=%+.3f D=%+.3f dominant=%d AU4=%.3f\n",
                   frame, pad[0], pad[1], pad[2], dominant, aus[2]);
    }

    float anger;
    CHECK(ae_get_emotion(world, guard, AE_ANGER, &anger));
    if (!(anger > 0.0f)) { fprintf(stderr, "guard should still be angry\n"); return 1; }

    /* Save: ask for the size, then save into a buffer of that size. */
    int size = 0;
    if (ae_snapshot_save(world, NULL, 0, &size) != AE_BUFFER_TOO_SMALL || size <= 0) {
        fprintf(stderr, "size query failed\n"); return 1;
    }
    uint8_t *snapshot = malloc((size_t)size);
    CHECK(ae_snapshot_save(world, snapshot, size, &size));
    CHECK(ae_step(world, 30));
    uint64_t expected, restored;
    CHECK(ae_hash(world, &expected));

    /* Load into a second world made the same way, run the same frames: same hash. */
    ae_world *copy = NULL;
    ae_agent g2, t2;
    CHECK(ae_world_create("{\"seed\": 42, \"step\": 0.1}", &copy));
    CHECK(ae_agent_add(copy, "guard", &g2));
    CHECK(ae_agent_add(copy, "thief", &t2));
    CHECK(ae_snapshot_load(copy, snapshot, size));
    CHECK(ae_step(copy, 30));
    CHECK(ae_hash(copy, &restored));

    /* A save holds the fields its world was made with: one that stores the facial action units every tick
     * ("actionUnits": "perTick", the default before record format 3) has 14 more and refuses this one. */
    ae_world *per_tick = NULL;
    ae_agent g3, t3;
    CHECK(ae_world_create("{\"seed\": 42, \"step\": 0.1, \"actionUnits\": \"perTick\"}", &per_tick));
    CHECK(ae_agent_add(per_tick, "guard", &g3));
    CHECK(ae_agent_add(per_tick, "thief", &t3));
    char why[512];
    int load_rc = ae_snapshot_load(per_tick, snapshot, size);
    ae_last_error(why, (int)sizeof why);
    printf("on-read save into a per-tick world -> status %d: %s\n", load_rc, why);
    if (load_rc == AE_OK) return 1;
    ae_world_destroy(per_tick);
    free(snapshot);

    if (insulted_npc() != 0) return 1;
    if (controllability() != 0) return 1;

    /* Errors come back as codes with a message, never as a crash. */
    char msg[256];
    int rc = ae_elicit(world, guard, 99, 0.5f);
    ae_last_error(msg, (int)sizeof msg);
    printf("bad emotion -> status %d: %s\n", rc, msg);
    if (rc != AE_INVALID_ARGUMENT) return 1;
    if (ae_step(NULL, 1) != AE_INVALID_HANDLE) return 1;

    /* A world from a scenario document: agents by name, events already scheduled. */
    ae_world *scene = NULL;
    ae_agent ada;
    float joy = 0.0f;
    CHECK(ae_world_create_scenario(
        "{\"name\": \"c\", \"run\": {\"ticks\": 20, \"step\": \"1s\", \"seed\": 1},"
        " \"agents\": [{\"id\": \"ada\"}],"
        " \"events\": [{\"tick\": 2, \"elicit\": {\"agent\": \"ada\", \"emotion\": \"joy\", \"intensity\": 0.9}}]}",
        &scene));
    CHECK(ae_agent_find(scene, "ada", &ada));
    CHECK(ae_step(scene, 3));
    CHECK(ae_get_emotion(scene, ada, AE_JOY, &joy));
    printf("scenario: ada joy %.3f\n", joy);
    if (!(joy > 0.5f)) return 1;
    /* Event generators fire as in `affect run`: a Poisson template (about 5 fear impulses a second on bo). */
    ae_world *gen = NULL;
    ae_agent bo;
    float fear = 0.0f;
    CHECK(ae_world_create_scenario(
        "{\"name\": \"g\", \"run\": {\"ticks\": 20, \"step\": \"1s\", \"seed\": 3},"
        " \"agents\": [{\"id\": \"bo\"}],"
        " \"eventGenerators\": [{\"kind\": \"poisson\", \"rate\": 5,"
        " \"event\": {\"elicit\": {\"agent\": \"$agent\", \"emotion\": \"fear\", \"intensity\": 0.8}}}]}",
        &gen));
    CHECK(ae_agent_find(gen, "bo", &bo));
    CHECK(ae_step(gen, 3));
    CHECK(ae_get_emotion(gen, bo, AE_FEAR, &fear));
    printf("generated: bo fear %.3f\n", fear);
    if (!(fear > 0.5f)) return 1;
    ae_world_destroy(gen);
    ae_world *bad = NULL;
    rc = ae_world_create_scenario("{\"name\": 1}", &bad);
    ae_last_error(msg, (int)sizeof msg);
    printf("bad scenario -> status %d: %s\n", rc, msg);
    if (rc != AE_INVALID_DATA || bad != NULL) return 1;
    ae_world_destroy(scene);

    printf("hash %016llx restored %016llx %s\n", (unsigned long long)expected, (unsigned long long)restored,
           expected == restored ? "MATCH" : "MISMATCH");
    ae_world_destroy(copy);
    ae_world_destroy(world);
    return expected == restored ? 0 : 1;
}
